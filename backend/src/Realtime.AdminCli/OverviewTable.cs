using Realtime.Protos.Admin.V1;
using Spectre.Console;

namespace Realtime.AdminCli;

/// <summary>The cluster overview as a table a person reads in a terminal.</summary>
public static class OverviewTable
{
    public static Table Build(GetClusterOverviewResponse overview)
    {
        var table = new Table()
            .AddColumn("silo")
            .AddColumn("name")
            .AddColumn("status")
            .AddColumn(new TableColumn("streams").RightAligned())
            .AddColumn(new TableColumn("topics").RightAligned())
            .AddColumn("state")
            .AddColumn("by kind");
        foreach (var silo in overview.Silos)
        {
            var state = !silo.Reporting ? "[grey]not reporting[/]" : silo.Draining ? "[yellow]draining[/]" : "[green]serving[/]";
            var byKind = string.Join("; ", silo.Streams.Select(s => $"{s.Count} {s.Kind}").Concat(silo.ActiveTopics.Count > 0 ? [$"grains: {Counts(silo.ActiveTopics)}"] : []));
            table.AddRow(
                Markup.Escape(silo.Silo),
                Markup.Escape(silo.Name),
                silo.Status.ToString(),
                silo.Streams.Sum(s => s.Count).ToString(System.Globalization.CultureInfo.InvariantCulture),
                silo.SubscribedTopics.Sum(t => t.Count).ToString(System.Globalization.CultureInfo.InvariantCulture),
                state,
                Markup.Escape(byKind));
        }
        table.Caption($"active topics in the cluster: {Markup.Escape(overview.ActiveTopics.Count > 0 ? Counts(overview.ActiveTopics) : "none")}");
        return table;
    }

    private static string Counts(IEnumerable<KindCount> counts) => string.Join(", ", counts.Select(c => $"{c.Kind} {c.Count}"));
}
