using Realtime.Grains.Abstractions;

namespace Realtime.Streaming.Outbox;

/// <summary>Turns topic events and stream signals into the wire frames of one kind of stream.</summary>
public interface IStreamFrames<TFrame> where TFrame : class
{
    TFrame Event(Subscription subscription, TopicEvent topicEvent);

    TFrame ContinuityLost(Subscription subscription, ContinuityLoss loss);

    /// <summary>
    /// Frames to send once a subscription that overflowed is live again (e.g. the current member list,
    /// since presence changes were skipped while it caught up); null for none.
    /// </summary>
    Task<TFrame?> AfterOverflowAsync(Subscription subscription, CancellationToken cancellationToken);
}
