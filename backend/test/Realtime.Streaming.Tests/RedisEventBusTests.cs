using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Streaming.Bus;
using Realtime.Streaming.Redis;
using Realtime.Testing;
using StackExchange.Redis;

namespace Realtime.Streaming.Tests;

/// <summary>The same contract on Redis, with two buses on two connections standing for two silos.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisEventBusTests(RedisBusFixture redis) : EventBusContract, IClassFixture<RedisBusFixture>
{
    protected override (IEventBus Here, IEventBus There) Buses => (redis.Here, redis.There);
}

/// <summary>On a Redis Cluster with sharded channels: each topic's messages go through the shard that owns its slot.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterEventBusTests(RedisClusterBusFixture redis) : EventBusContract, IClassFixture<RedisClusterBusFixture>
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
        await using var bus = new RedisEventBus(connection, new RedisKeys(RedisKeys.DefaultPrefix), NullLogger<RedisEventBus>.Instance);
        await using var publisherConnection = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        await using var publisher = new RedisEventBus(publisherConnection, new RedisKeys(RedisKeys.DefaultPrefix), NullLogger<RedisEventBus>.Instance);
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

/// <summary>Two buses on two connections to one Redis, standing for two silos.</summary>
public class RedisBusFixture : IAsyncLifetime
{
    private readonly RedisFixture _redis;
    private readonly RedisKeys _keys;
    private ConnectionMultiplexer _thereConnection = null!;

    public RedisBusFixture()
        : this(new RedisFixture(), new RedisKeys(RedisKeys.DefaultPrefix))
    {
    }

    protected RedisBusFixture(RedisFixture redis, RedisKeys keys)
    {
        _redis = redis;
        _keys = keys;
    }

    public RedisEventBus Here { get; private set; } = null!;

    public RedisEventBus There { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _thereConnection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        Here = new RedisEventBus(_redis.Connection, _keys, NullLogger<RedisEventBus>.Instance);
        There = new RedisEventBus(_thereConnection, _keys, NullLogger<RedisEventBus>.Instance);
    }

    public async Task DisposeAsync()
    {
        await Here.DisposeAsync();
        await There.DisposeAsync();
        await _thereConnection.DisposeAsync();
        await _redis.DisposeAsync();
    }
}

public sealed class RedisClusterBusFixture() : RedisBusFixture(new RedisClusterFixture(), new RedisKeys(Ids.Unique("deployment"), shardedChannels: true));
