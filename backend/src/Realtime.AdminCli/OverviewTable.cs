using System.Text;
using Realtime.Protos.Admin.V1;

namespace Realtime.AdminCli;

/// <summary>The cluster overview as a table a person reads in a terminal.</summary>
public static class OverviewTable
{
    public static string Format(GetClusterOverviewResponse overview)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"SILO",-32} {"NAME",-20} {"STATUS",-14} {"STREAMS",7} {"TOPICS",6}  STATE");
        foreach (var silo in overview.Silos)
        {
            var state = !silo.Reporting ? "not reporting" : silo.Draining ? "draining" : "serving";
            text.AppendLine($"{silo.Silo,-32} {silo.Name,-20} {silo.Status,-14} {silo.Streams.Sum(s => s.Count),7} {silo.SubscribedTopics.Sum(t => t.Count),6}  {state}");
            foreach (var stream in silo.Streams)
            {
                text.AppendLine($"    {stream.Count,6}  {stream.Kind}");
            }
            if (silo.ActiveTopics.Count > 0)
            {
                text.AppendLine($"    grains: {Counts(silo.ActiveTopics)}");
            }
        }
        text.Append($"active topics in the cluster: {(overview.ActiveTopics.Count > 0 ? Counts(overview.ActiveTopics) : "none")}");
        return text.ToString();
    }

    private static string Counts(IEnumerable<KindCount> counts) => string.Join(", ", counts.Select(c => $"{c.Kind} {c.Count}"));
}
