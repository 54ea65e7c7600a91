using System.Collections.Concurrent;
using System.Collections.Immutable;
using Realtime.Grains.Abstractions;
using Realtime.Streaming.Telemetry;

namespace Realtime.Streaming.Bus;

/// <summary>
/// The embedded-mode bus: a publish calls every local subscriber of the topic synchronously, in order.
/// It never loses an event, so it never asks subscribers to resync.
/// </summary>
public sealed class InProcessEventBus : IEventBus
{
    private readonly ConcurrentDictionary<string, ImmutableArray<Action<TopicEvent>>> _handlers = new(StringComparer.Ordinal);

    public ValueTask PublishAsync(TopicEvent topicEvent, CancellationToken cancellationToken)
    {
        using var activity = StreamingTelemetry.StartPublish(topicEvent);
        if (_handlers.TryGetValue(topicEvent.Topic, out var handlers))
        {
            foreach (var handler in handlers)
            {
                handler(topicEvent);
            }
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<IAsyncDisposable> SubscribeAsync(string topic, Action<TopicEvent> onEvent, Action onResync, CancellationToken cancellationToken)
    {
        _handlers.AddOrUpdate(topic, _ => [onEvent], (_, existing) => existing.Add(onEvent));
        return ValueTask.FromResult<IAsyncDisposable>(new Subscription(this, topic, onEvent));
    }

    private void Remove(string topic, Action<TopicEvent> onEvent)
    {
        while (_handlers.TryGetValue(topic, out var existing))
        {
            var updated = existing.Remove(onEvent);
            var replaced = updated.IsEmpty
                ? _handlers.TryRemove(new KeyValuePair<string, ImmutableArray<Action<TopicEvent>>>(topic, existing))
                : _handlers.TryUpdate(topic, updated, existing);
            if (replaced)
            {
                return;
            }
        }
    }

    private sealed class Subscription(InProcessEventBus bus, string topic, Action<TopicEvent> onEvent) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            bus.Remove(topic, onEvent);
            return ValueTask.CompletedTask;
        }
    }
}
