using Spectre.Console;

namespace Realtime.LoadTests.Report;

public static class TerminalReport
{
    public static void Write(ScenarioResult result)
    {
        var table = new Table().Title($"[bold]{result.Scenario}[/]: {Markup.Escape(result.Offered)}").AddColumn("measure").AddColumn("value");
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("streams / connections", $"{result.Streams:N0} / {result.Connections:N0}");
        Row("ramp-up", $"{result.RampUpSeconds:F1} s");
        Row("measured", $"{result.MeasuredSeconds:F1} s");
        Row("sent / s", $"{result.SentPerSecond:N0}");
        Row("delivered / s", $"{result.DeliveredPerSecond:N0}");
        Row("latency ms p50 / p90 / p99 / p99.9 / max", Summary(result.Latency));
        if (result.TickJitter.Count > 0)
        {
            Row("tick jitter ms p50 / p90 / p99 / p99.9 / max", Summary(result.TickJitter));
        }
        Row("errors", result.Errors.Count == 0 ? "none" : string.Join(", ", result.Errors.Select(e => $"{e.Key}: {e.Value}")));
        Row("reconnects", result.Reconnects == 0 ? "0" : $"{result.Reconnects:N0} ({string.Join(", ", result.ReconnectCauses.Select(c => $"{c.Key}: {c.Value}"))})");
        Row("gaps / duplicates", $"{result.Gaps} / {result.Duplicates}");
        if (result.ServerCpuMicrosPerDelivery is { } cpu)
        {
            Row("server CPU per delivery", $"{cpu:F2} µs");
        }
        if (result.ServerKibPerStream is { } memory)
        {
            Row("server memory per stream", $"{memory:F1} KiB");
        }
        foreach (var (name, value) in result.Checks)
        {
            Row(name, value);
        }
        AnsiConsole.Write(table);
    }

    private static string Summary(Measure.LatencySummary l) => $"{l.P50Ms:F2} / {l.P90Ms:F2} / {l.P99Ms:F2} / {l.P999Ms:F2} / {l.MaxMs:F2}";
}
