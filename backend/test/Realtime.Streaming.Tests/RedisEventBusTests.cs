using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Streaming.Bus;
using Realtime.Testing;
using StackExchange.Redis;

namespace Realtime.Streaming.Tests;

/// <summary>The same contract on Redis, with two buses on two connections standing for two silos.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisEventBusTests(RedisBusFixture redis) : EventBusContract, IClassFixture<RedisBusFixture>
{
    protected override (IEventBus Here, IEventBus There) Buses => (redis.Here, redis.There);
}

[Trait("Tier", "cluster")]
public sealed class RedisEventBusReconnectTests
{
    [Fact]
    public async Task After_Redis_comes_back_subscribers_are_asked_to_resync_and_events_flow_again()
    {
        await using var server = await RedisServer.StartAsync(restartable: true);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await using var bus = new RedisEventBus(connection, NullLogger<RedisEventBus>.Instance);
        await using var publisherConnection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await using var publisher = new RedisEventBus(publisherConnection, NullLogger<RedisEventBus>.Instance);
        var topic = $"t/{Guid.NewGuid():N}";
        var resyncs = 0;
        var received = new List<long>();
        await using var subscription = await bus.SubscribeAsync(topic, e => { lock (received) { received.Add(e.Offset); } }, () => Interlocked.Increment(ref resyncs), default);

        await server.RestartAsync();
        await Eventually.TrueAsync(() => Volatile.Read(ref resyncs) > 0, "a resync request after the reconnect");
        await Eventually.ValueAsync(async () =>
        {
            await publisher.PublishAsync(new Grains.Abstractions.TopicEvent { Topic = topic, Epoch = "e", Offset = 7, Payload = [] }, default);
            lock (received)
            {
                return received.Contains(7) ? "received" : null;
            }
        }, "events on the resubscribed channel");
    }
}

public sealed class RedisBusFixture : IAsyncLifetime
{
    private RedisServer _server = null!;
    private ConnectionMultiplexer _hereConnection = null!;
    private ConnectionMultiplexer _thereConnection = null!;

    public RedisEventBus Here { get; private set; } = null!;

    public RedisEventBus There { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _hereConnection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        _thereConnection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
        Here = new RedisEventBus(_hereConnection, NullLogger<RedisEventBus>.Instance);
        There = new RedisEventBus(_thereConnection, NullLogger<RedisEventBus>.Instance);
    }

    public async Task DisposeAsync()
    {
        await Here.DisposeAsync();
        await There.DisposeAsync();
        await _hereConnection.DisposeAsync();
        await _thereConnection.DisposeAsync();
        await _server.DisposeAsync();
    }
}
