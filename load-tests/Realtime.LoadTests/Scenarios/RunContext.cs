using Realtime.LoadTests.Cli;
using Realtime.LoadTests.Connections;
using Realtime.LoadTests.Measure;

namespace Realtime.LoadTests.Scenarios;

/// <summary>What a scenario works with: the settings, its own metrics, shared connections and tokens.</summary>
public sealed class RunContext(RunSettings settings, RunMetrics metrics, ChannelPool pool, Tokens tokens)
{
    public RunSettings Settings => settings;

    public RunMetrics Metrics => metrics;

    public ChannelPool Pool => pool;

    public Tokens Tokens => tokens;

    /// <summary>Waits so that <paramref name="index"/> of <paramref name="total"/> starts are spread evenly over the ramp-up.</summary>
    public async Task RampAsync(int index, int total, System.Diagnostics.Stopwatch clock, CancellationToken cancellationToken)
    {
        if (settings.RampUp <= TimeSpan.Zero || total <= 1)
        {
            return;
        }
        var due = settings.RampUp * ((double)index / total) - clock.Elapsed;
        if (due > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(due, cancellationToken);
        }
    }

    /// <summary>
    /// A pacer for <paramref name="perSecond"/> actions per second that does not drift. Each pacer starts
    /// at a random phase of its interval: simulated users acting in lockstep would send the server
    /// bursts that no real crowd sends, and measure the burst's queue instead of the system.
    /// </summary>
    public static async Task PaceAsync(double perSecond, Func<long, Task> action, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var phase = interval * Random.Shared.NextDouble();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (long n = 0; !cancellationToken.IsCancellationRequested; n++)
        {
            var due = phase + (interval * n) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            await action(n);
        }
    }
}
