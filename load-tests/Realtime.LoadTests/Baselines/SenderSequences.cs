using Realtime.LoadTests.Measure;

namespace Realtime.LoadTests.Baselines;

/// <summary>
/// A baseline member's delivery check: the baselines have no room offsets, so each sender numbers its
/// messages and a receiver counts a skipped number as a gap and a repeated one as a duplicate.
/// </summary>
public sealed class SenderSequences(RunMetrics metrics)
{
    private readonly Dictionary<string, long> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public void Received(string sender, long sequence, long sentAt)
    {
        lock (_gate)
        {
            var last = _last.GetValueOrDefault(sender, -1);
            if (sequence <= last)
            {
                metrics.Duplicate();
                return;
            }
            if (sequence != last + 1)
            {
                metrics.Gap();
            }
            _last[sender] = sequence;
        }
        metrics.Delivery(sentAt);
    }
}
