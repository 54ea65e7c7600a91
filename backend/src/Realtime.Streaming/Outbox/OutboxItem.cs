using Realtime.Grains.Abstractions;

namespace Realtime.Streaming.Outbox;

/// <summary>
/// One entry of a stream's queue: a topic event for a subscription, a ready frame, or a frame that
/// starts a subscription (written, then the subscription is caught up). All fields empty = a wake-up.
/// </summary>
internal readonly record struct OutboxItem<TFrame>(Subscription? Subscription, TopicEvent? Event, TFrame? Frame)
    where TFrame : class;
