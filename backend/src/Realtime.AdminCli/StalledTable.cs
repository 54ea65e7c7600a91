using System.Globalization;
using Realtime.Protos.Admin.V1;
using Spectre.Console;

namespace Realtime.AdminCli;

/// <summary>Stalled webhook deliveries as a table: which endpoint misses what of which room or document, and why.</summary>
public static class StalledTable
{
    public static Table Build(ListStalledWebhooksResponse answer)
    {
        var table = new Table()
            .AddColumn("endpoint")
            .AddColumn("topic")
            .AddColumn(new TableColumn("confirmed").RightAligned())
            .AddColumn(new TableColumn("failures").RightAligned())
            .AddColumn("since")
            .AddColumn("latest failure");
        foreach (var stalled in answer.Stalled)
        {
            table.AddRow(
                Markup.Escape(stalled.Endpoint),
                Markup.Escape($"{(stalled.Kind == Protos.Common.V1.TopicKind.Document ? "document" : "room")} {stalled.Id}"),
                stalled.ConfirmedOffset.ToString(CultureInfo.InvariantCulture),
                stalled.Failures.ToString(CultureInfo.InvariantCulture),
                stalled.Since.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture),
                Markup.Escape(stalled.LastFailure));
        }
        table.Caption(answer.Stalled.Count == 0
            ? "no stalled deliveries"
            : "retried every Webhooks:MaxRetryDelay; 'replay' sends now");
        return table;
    }
}
