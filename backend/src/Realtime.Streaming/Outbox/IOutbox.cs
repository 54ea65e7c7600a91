using Realtime.Grains.Abstractions;

namespace Realtime.Streaming.Outbox;

/// <summary>The producer side of one stream's outbox, as seen by its subscriptions.</summary>
public interface IOutbox
{
    /// <summary>Queues an event without waiting; false when the queue is full.</summary>
    bool TryEnqueue(Subscription subscription, TopicEvent topicEvent);

    /// <summary>Asks the stream's writer to page the subscription's events from history until it is live again.</summary>
    void RequestCatchUp(Subscription subscription);

    /// <summary>Tells the stream's writer that a latest-wins subscription holds an event to write.</summary>
    void RequestLatest(Subscription subscription);
}
