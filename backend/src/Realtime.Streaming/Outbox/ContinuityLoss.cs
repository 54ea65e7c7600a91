using Realtime.Grains.Abstractions;

namespace Realtime.Streaming.Outbox;

/// <summary>
/// A stream's resume point could not be served from history. <see cref="Snapshot"/> is what the
/// client restarts from; the stream continues live after <see cref="Position"/>.
/// </summary>
public sealed record ContinuityLoss(ContinuityLossReason Reason, TopicSnapshot Snapshot)
{
    public StreamPosition Position => new(Snapshot.Epoch, Snapshot.Offset);

    /// <summary>Why history cannot continue a stream that has everything up to <paramref name="lastSent"/>, or null if it can.</summary>
    public static ContinuityLossReason? Check(string epoch, long lastSent, HistoryPage page)
    {
        if (!string.Equals(page.Epoch, epoch, StringComparison.Ordinal))
        {
            return ContinuityLossReason.EpochChanged;
        }
        if (lastSent > page.LastOffset)
        {
            return ContinuityLossReason.OffsetAhead;
        }
        return lastSent + 1 < page.FirstOffset ? ContinuityLossReason.HistoryTrimmed : null;
    }
}
