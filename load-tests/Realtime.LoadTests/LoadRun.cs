using System.Diagnostics;
using Realtime.LoadTests.Cli;
using Realtime.LoadTests.Connections;
using Realtime.LoadTests.Measure;
using Realtime.LoadTests.Report;
using Realtime.LoadTests.Scenarios;
using Spectre.Console;

namespace Realtime.LoadTests;

/// <summary>
/// Runs scenarios side by side: ramp-up (set-up), warm-up, the measured duration with a sample per
/// second and a live view, then the checks and the reports. Everything stops by itself.
/// </summary>
public static class LoadRun
{
    /// <summary>Measures, prints the tables, writes the reports; exit code 1 if any gap, duplicate or failed check.</summary>
    public static async Task<int> RunAsync(RunSettings settings, IReadOnlyList<IScenario> scenarios, CancellationToken cancellationToken)
    {
        var results = await MeasureAsync(settings, scenarios, cancellationToken);
        foreach (var result in results)
        {
            TerminalReport.Write(result);
        }
        var (json, html) = FileReports.Write(settings.ReportDirectory, results);
        AnsiConsole.MarkupLine($"reports: [link]{Markup.Escape(json)}[/], [link]{Markup.Escape(html)}[/]");
        return results.All(Passed) ? 0 : 1;
    }

    public static bool Passed(ScenarioResult result) =>
        result.Gaps == 0 && result.Duplicates == 0 && !result.Checks.Values.Any(v => v.StartsWith("NO", StringComparison.Ordinal));

    public static async Task<IReadOnlyList<ScenarioResult>> MeasureAsync(RunSettings settings, IReadOnlyList<IScenario> scenarios, CancellationToken cancellationToken)
    {
        var probe = new ServerProbe(settings.ServerPids);
        var tokens = new Tokens(settings.Web);
        using var pool = new ChannelPool(settings);
        var contexts = scenarios.Select(_ => new RunContext(settings, new RunMetrics(), pool, tokens)).ToList();
        var memoryBefore = probe.Enabled ? probe.ResidentBytes() : 0;
        var ramp = Stopwatch.StartNew();
        await Task.WhenAll(scenarios.Select((s, i) => s.SetUpAsync(contexts[i], cancellationToken)));
        var rampSeconds = ramp.Elapsed.TotalSeconds;
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        foreach (var context in contexts)
        {
            context.Metrics.StartMeasuring(settings.WarmUp);
        }
        var load = Task.WhenAll(scenarios.Select((s, i) => s.RunAsync(contexts[i], stopLoad.Token)));
        await Task.Delay(settings.WarmUp, cancellationToken);
        var cpuStart = probe.Enabled ? probe.CpuTime() : TimeSpan.Zero;
        var delivered = contexts.Select(c => c.Metrics.Delivered).ToList();
        var sent = contexts.Select(c => c.Metrics.Sent).ToList();
        var measured = Stopwatch.StartNew();
        await SampleAsync(settings, scenarios, contexts, measured, cancellationToken);
        var memoryAfter = probe.Enabled ? probe.ResidentBytes() : 0;
        var cpu = probe.Enabled ? probe.CpuTime() - cpuStart : TimeSpan.Zero;
        var seconds = measured.Elapsed.TotalSeconds;
        foreach (var context in contexts)
        {
            context.Metrics.Stop();
        }
        await stopLoad.CancelAsync();
        await load;
        var results = new List<ScenarioResult>();
        for (var i = 0; i < scenarios.Count; i++)
        {
            var metrics = contexts[i].Metrics;
            var checks = await scenarios[i].FinishAsync(contexts[i], cancellationToken);
            var deliveredInWindow = Math.Max(0, metrics.Delivered - delivered[i]);
            results.Add(new ScenarioResult(
                scenarios[i].Name,
                scenarios[i].Describe(),
                scenarios[i].Streams,
                pool.Connections,
                rampSeconds,
                seconds,
                metrics.Sent,
                metrics.Delivered,
                (metrics.Sent - sent[i]) / seconds,
                deliveredInWindow / seconds,
                metrics.Latency(),
                metrics.Jitter(),
                metrics.Errors,
                metrics.Reconnects,
                metrics.ReconnectCauses,
                metrics.Gaps,
                metrics.Duplicates,
                probe.Enabled && scenarios.Count == 1 && deliveredInWindow > 0 ? cpu.TotalMicroseconds / deliveredInWindow : null,
                probe.Enabled && scenarios.Count == 1 && scenarios[i].Streams > 0 ? (memoryAfter - memoryBefore) / 1024.0 / scenarios[i].Streams : null,
                checks,
                metrics.Timeline));
            await scenarios[i].DisposeAsync();
        }
        return results;
    }

    /// <summary>Samples every second for the measured duration, showing a live table when the terminal allows.</summary>
    private static async Task SampleAsync(RunSettings settings, IReadOnlyList<IScenario> scenarios, List<RunContext> contexts, Stopwatch measured, CancellationToken cancellationToken)
    {
        async Task Loop(Action refresh)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (measured.Elapsed < settings.Duration && await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var context in contexts)
                {
                    context.Metrics.Sample();
                }
                refresh();
            }
        }
        if (!settings.Live || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            await Loop(() => { });
            return;
        }
        var table = new Table().AddColumns("scenario", "streams", "sent/s", "delivered/s", "p99 ms (last s)", "gaps/dups", "errors");
        await AnsiConsole.Live(table).StartAsync(async live => await Loop(() =>
        {
            table.Rows.Clear();
            for (var i = 0; i < scenarios.Count; i++)
            {
                var m = contexts[i].Metrics;
                var last = m.Timeline is { Count: > 0 } timeline ? timeline[^1] : null;
                table.AddRow(scenarios[i].Name, $"{scenarios[i].Streams:N0}", $"{last?.Sent ?? 0:N0}", $"{last?.Delivered ?? 0:N0}", $"{last?.P99Ms ?? 0:F1}", $"{m.Gaps}/{m.Duplicates}", $"{m.Errors.Values.Sum()}");
            }
            live.Refresh();
        }));
    }
}
