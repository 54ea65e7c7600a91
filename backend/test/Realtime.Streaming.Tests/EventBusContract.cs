using Realtime.Grains.Abstractions;
using Realtime.Streaming.Bus;
using Realtime.Testing;

namespace Realtime.Streaming.Tests;

/// <summary>What every event bus guarantees (docs/ARCHITECTURE.md, rule 5): per-topic order, only subscribed topics, own publishes once.</summary>
public abstract class EventBusContract
{
    /// <summary>Two silos' buses (the same instance where the bus is in-process).</summary>
    protected abstract (IEventBus Here, IEventBus There) Buses { get; }

    private static TopicEvent Event(string topic, long offset) => new() { Topic = topic, Epoch = "e", Offset = offset, Payload = [(byte)offset] };

    /// <summary>Published after a test's events: per-topic order means anything extra (a duplicate, an echo) arrives before it.</summary>
    private const long Marker = long.MaxValue;

    /// <summary>What arrived before the marker, which <paramref name="markerFrom"/> publishes once <paramref name="count"/> events are in.</summary>
    private static async Task<List<long>> WaitForAsync(List<long> received, int count, string topic, IEventBus markerFrom)
    {
        await Eventually.TrueAsync(() => { lock (received) { return received.Count >= count; } }, $"{count} events");
        await markerFrom.PublishAsync(Event(topic, Marker), default);
        await Eventually.TrueAsync(() => { lock (received) { return received.Contains(Marker); } }, "the marker");
        lock (received)
        {
            return [.. received.TakeWhile(offset => offset != Marker)];
        }
    }

    [Fact]
    public async Task Events_reach_another_silos_subscribers_in_publish_order_and_only_for_their_topic()
    {
        var (topic, other) = ($"t/{Guid.NewGuid():N}", $"t/{Guid.NewGuid():N}");
        var received = new List<long>();
        await using var subscription = await Buses.There.SubscribeAsync(topic, e => { lock (received) { received.Add(e.Offset); } }, () => { }, default);

        for (var i = 1; i <= 300; i++)
        {
            await Buses.Here.PublishAsync(Event(topic, i), default);
            await Buses.Here.PublishAsync(Event(other, i), default);
        }

        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), await WaitForAsync(received, 300, topic, Buses.Here));
    }

    [Fact]
    public async Task An_event_arrives_at_another_silo_with_its_epoch_payload_and_recipient()
    {
        var topic = $"t/{Guid.NewGuid():N}";
        var received = new List<TopicEvent>();
        await using var subscription = await Buses.There.SubscribeAsync(topic, e => { lock (received) { received.Add(e); } }, () => { }, default);

        await Buses.Here.PublishAsync(new TopicEvent { Topic = topic, Epoch = "ep", Offset = 0, Payload = [1, 2, 3], Recipient = "alice" }, default);
        await Buses.Here.PublishAsync(new TopicEvent { Topic = topic, Epoch = "ep", Offset = 0, Payload = [4] }, default);
        await Eventually.TrueAsync(() => { lock (received) { return received.Count == 2; } }, "both events");

        lock (received)
        {
            Assert.Equal([("ep", "alice", new byte[] { 1, 2, 3 }), ("ep", null, new byte[] { 4 })], received.Select(e => (e.Epoch, e.Recipient, e.Payload)));
        }
    }

    [Fact]
    public async Task A_silo_receives_its_own_publishes_exactly_once()
    {
        var topic = $"t/{Guid.NewGuid():N}";
        var received = new List<long>();
        await using var subscription = await Buses.Here.SubscribeAsync(topic, e => { lock (received) { received.Add(e.Offset); } }, () => { }, default);

        for (var i = 1; i <= 50; i++)
        {
            await Buses.Here.PublishAsync(Event(topic, i), default);
        }

        // The marker comes from the other silo, so it reaches this one after any echo of its own publishes.
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), await WaitForAsync(received, 50, topic, Buses.There));
    }

    [Fact]
    public async Task After_unsubscribing_no_events_arrive_and_other_subscribers_keep_theirs()
    {
        var topic = $"t/{Guid.NewGuid():N}";
        var (first, second) = (new List<long>(), new List<long>());
        var one = await Buses.There.SubscribeAsync(topic, e => { lock (first) { first.Add(e.Offset); } }, () => { }, default);
        await using var two = await Buses.There.SubscribeAsync(topic, e => { lock (second) { second.Add(e.Offset); } }, () => { }, default);
        await Buses.Here.PublishAsync(Event(topic, 1), default);
        await Eventually.TrueAsync(() => { lock (first) { return first.Count == 1; } }, "event 1 at the first subscriber");

        await one.DisposeAsync();
        await Buses.Here.PublishAsync(Event(topic, 2), default);

        Assert.Equal([1L, 2], await WaitForAsync(second, 2, topic, Buses.Here));
        lock (first)
        {
            Assert.Equal([1L], first);
        }
    }
}

[Trait("Tier", "unit")]
public sealed class InProcessEventBusTests : EventBusContract
{
    private readonly InProcessEventBus _bus = new();

    protected override (IEventBus Here, IEventBus There) Buses => (_bus, _bus);
}
