using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Realtime.Streaming.Telemetry;

namespace Realtime.Streaming.Resilience;

/// <summary>
/// Runs the silo's periodic background work so that no dependency outage can stop the host: a failed
/// round is logged once per episode (not per attempt), counted, retried with exponential backoff capped
/// at the loop's interval, and the loop's state is kept for health ("failing since …: reason"). Only
/// the host stopping ends a loop. See docs/ARCHITECTURE.md, "Faults".
/// </summary>
public sealed partial class ResilientLoops(TimeProvider time, ILogger<ResilientLoops> logger)
{
    /// <summary>The first retry of a failed round; doubled per further failure up to the loop's interval.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, LoopFailure> _failing = new(StringComparer.Ordinal);

    /// <summary>Loops whose last round failed, with when that episode began and the last error.</summary>
    public IReadOnlyDictionary<string, LoopFailure> Failing => _failing;

    /// <summary>
    /// Runs <paramref name="round"/> now and then every <paramref name="interval"/> until
    /// <paramref name="stoppingToken"/> is cancelled; never throws anything else.
    /// </summary>
    public async Task RunAsync(string name, TimeSpan interval, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = interval;
            try
            {
                await round(stoppingToken);
                if (failures > 0 && _failing.TryRemove(name, out var ended))
                {
                    var outage = time.GetUtcNow() - ended.Since;
                    LogRecovered(name, failures, outage);
                }
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                StreamingTelemetry.BackgroundRoundFailed(name);
                _failing.AddOrUpdate(name, _ => new LoopFailure(time.GetUtcNow(), exception.Message), (_, episode) => episode with { Reason = exception.Message });
                if (failures == 1)
                {
                    LogFailing(exception, name);
                }
                wait = Backoff(failures, interval);
            }
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The pause after the <paramref name="failures"/>-th failure in a row: 0.5 s, 1 s, 2 s … up to the interval.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan interval) =>
        TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds, FirstRetry.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background loop {Loop} failed; retrying with backoff (logged once until it recovers)")]
    private partial void LogFailing(Exception exception, string loop);

    [LoggerMessage(Level = LogLevel.Information, Message = "Background loop {Loop} recovered after {Failures} failed rounds ({Duration})")]
    private partial void LogRecovered(string loop, int failures, TimeSpan duration);
}
