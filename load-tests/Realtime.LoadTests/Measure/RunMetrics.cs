using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Realtime.LoadTests.Measure;

/// <summary>
/// Everything a run counts. Latencies (microseconds) go into an HdrHistogram once the warm-up is over;
/// counts are kept per second as well, for the throughput and latency-over-time plots.
/// </summary>
public sealed class RunMetrics
{
    private const long MaxLatencyMicros = 60_000_000;

    private readonly Lock _gate = new();
    private readonly LongHistogram _latency = new(MaxLatencyMicros, 3);
    private readonly LongHistogram _jitter = new(MaxLatencyMicros, 3);
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _reconnectCauses = new(StringComparer.Ordinal);
    private readonly List<SecondSample> _timeline = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private LongHistogram _secondLatency = new(MaxLatencyMicros, 3);
    private long _secondSent;
    private long _secondDelivered;
    private long _warmUpEnds;
    private long _sent;
    private long _delivered;
    private long _reconnects;
    private long _gaps;
    private long _duplicates;

    public TimeSpan Elapsed => _clock.Elapsed;

    public long Sent => Interlocked.Read(ref _sent);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long Gaps => Interlocked.Read(ref _gaps);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public IReadOnlyDictionary<string, long> Errors => _errors;

    /// <summary>Reconnects by what ended the stream (a status code, "reconnect hint", "churn" …).</summary>
    public IReadOnlyDictionary<string, long> ReconnectCauses => _reconnectCauses;

    public IReadOnlyList<SecondSample> Timeline
    {
        get
        {
            lock (_gate)
            {
                return [.. _timeline];
            }
        }
    }

    /// <summary>Set once the load stopped: what fails while clients tear down is not the server's doing.</summary>
    public bool Stopped { get; private set; }

    public void Stop() => Stopped = true;

    public bool WarmingUp => Stopwatch.GetTimestamp() < Interlocked.Read(ref _warmUpEnds);

    public void StartMeasuring(TimeSpan warmUp) => Interlocked.Exchange(ref _warmUpEnds, Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency));

    public void CountSent(long count = 1)
    {
        Interlocked.Add(ref _sent, count);
        Interlocked.Add(ref _secondSent, count);
    }

    /// <summary>A delivery whose send time (a <see cref="Stopwatch"/> timestamp of this process) is known.</summary>
    public void Delivery(long sentTimestamp)
    {
        var micros = Math.Clamp((long)Stopwatch.GetElapsedTime(sentTimestamp).TotalMicroseconds, 0, MaxLatencyMicros);
        Interlocked.Increment(ref _delivered);
        Interlocked.Increment(ref _secondDelivered);
        if (WarmingUp)
        {
            return;
        }
        lock (_gate)
        {
            _latency.RecordValue(micros);
            _secondLatency.RecordValue(micros);
        }
    }

    public void TickInterval(TimeSpan interval, TimeSpan expected)
    {
        if (WarmingUp)
        {
            return;
        }
        lock (_gate)
        {
            _jitter.RecordValue(Math.Clamp((long)Math.Abs((interval - expected).TotalMicroseconds), 0, MaxLatencyMicros));
        }
    }

    public void Error(string code) => _errors.AddOrUpdate(code, 1, (_, n) => n + 1);

    public void Reconnect(string cause)
    {
        Interlocked.Increment(ref _reconnects);
        _reconnectCauses.AddOrUpdate(cause, 1, (_, n) => n + 1);
    }

    public void Gap() => Interlocked.Increment(ref _gaps);

    public void Duplicate() => Interlocked.Increment(ref _duplicates);

    /// <summary>Closes the current second of the timeline (called once a second by the run loop).</summary>
    public void Sample()
    {
        lock (_gate)
        {
            var latency = _secondLatency;
            _secondLatency = new LongHistogram(MaxLatencyMicros, 3);
            _timeline.Add(new SecondSample(
                _timeline.Count + 1,
                Interlocked.Exchange(ref _secondSent, 0),
                Interlocked.Exchange(ref _secondDelivered, 0),
                latency.TotalCount > 0 ? latency.GetValueAtPercentile(50) / 1000.0 : 0,
                latency.TotalCount > 0 ? latency.GetValueAtPercentile(99) / 1000.0 : 0));
        }
    }

    public LatencySummary Latency()
    {
        lock (_gate)
        {
            return LatencySummary.Of(_latency);
        }
    }

    public LatencySummary Jitter()
    {
        lock (_gate)
        {
            return LatencySummary.Of(_jitter);
        }
    }
}

public sealed record SecondSample(int Second, long Sent, long Delivered, double P50Ms, double P99Ms);

public sealed record LatencySummary(long Count, double P50Ms, double P90Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary Of(LongHistogram histogram) => histogram.TotalCount == 0
        ? new LatencySummary(0, 0, 0, 0, 0, 0)
        : new LatencySummary(
            histogram.TotalCount,
            histogram.GetValueAtPercentile(50) / 1000.0,
            histogram.GetValueAtPercentile(90) / 1000.0,
            histogram.GetValueAtPercentile(99) / 1000.0,
            histogram.GetValueAtPercentile(99.9) / 1000.0,
            histogram.GetMaxValue() / 1000.0);
}
