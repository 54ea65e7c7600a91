using Realtime.Grains.Abstractions;

namespace Realtime.Streaming.Bus;

/// <summary>
/// Carries topic events from the owning grain to every silo with local subscribers.
/// Guarantee: at-most-once, in publish order per topic. It is a fast path, never the truth:
/// subscribers detect offset gaps and fill them from the grain's history.
/// </summary>
public interface IEventBus
{
    /// <summary>Completes once local subscribers have the event and it is on its way to the other silos, not when they have it.</summary>
    ValueTask PublishAsync(TopicEvent topicEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onEvent"/> for every event of <paramref name="topic"/> until the returned
    /// handle is disposed, and <paramref name="onResync"/> when the bus may have lost events without a
    /// later event showing it (a reconnect), so the subscriber re-reads from the owning grain. The
    /// callbacks must not block: they run on the bus's delivery path.
    /// </summary>
    ValueTask<IAsyncDisposable> SubscribeAsync(string topic, Action<TopicEvent> onEvent, Action onResync, CancellationToken cancellationToken);
}
