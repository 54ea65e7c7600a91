using Realtime.Grains.Log;
using Realtime.Streaming.Redis;
using Realtime.Testing;

namespace Realtime.Grains.Tests;

[Trait("Tier", "cluster")]
public sealed class RedisEventLogTests : EventLogContract, IClassFixture<RedisFixture>
{
    public RedisEventLogTests(RedisFixture redis) => Log = new RedisEventLog(redis.Connection, new RedisKeys(RedisKeys.DefaultPrefix), Time);

    protected override IEventLog Log { get; }
}

/// <summary>The log on a Redis Cluster: a topic's keys (stream, last offset, maximum age) must share one slot for the append script.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterEventLogTests : EventLogContract, IClassFixture<RedisClusterFixture>
{
    public RedisClusterEventLogTests(RedisClusterFixture redis) => Log = new RedisEventLog(redis.Connection, new RedisKeys(Ids.Unique("deployment")), Time);

    protected override IEventLog Log { get; }
}
