using System.Diagnostics;
using System.Globalization;

namespace Realtime.LoadTests.Scenarios;

/// <summary>A member's deliveries: offsets checked for gaps and duplicates, latencies from their send timestamps, and silences.</summary>
public sealed partial class ChatMember
{
    /// <summary>The longest time without a delivery since the last call (including the silence still going on), then starts a new window.</summary>
    public TimeSpan TakeMaxSilence()
    {
        var now = Stopwatch.GetTimestamp();
        var current = now - Interlocked.Read(ref _lastDelivery);
        var max = Math.Max(Interlocked.Exchange(ref _maxSilence, 0), current);
        return Stopwatch.GetElapsedTime(0, max);
    }

    /// <summary>One stored event (a message or a change) in offset order; its send timestamp ("timestamp|…" or alone) gives its latency.</summary>
    private void Deliver(long offset, string? timestamped)
    {
        if (offset <= _lastOffset)
        {
            context.Metrics.Duplicate();
            return;
        }
        if (offset != _lastOffset + 1)
        {
            context.Metrics.Gap();
        }
        _lastOffset = offset;
        var now = Stopwatch.GetTimestamp();
        InterlockedMax(ref _maxSilence, now - Interlocked.Exchange(ref _lastDelivery, now));
        var bar = timestamped?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        if (timestamped is not null && long.TryParse(bar > 0 ? timestamped.AsSpan(0, bar) : timestamped, CultureInfo.InvariantCulture, out var sentAt))
        {
            context.Metrics.Delivery(sentAt);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
