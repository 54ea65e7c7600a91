using Realtime.Grains.Directory;
using Realtime.Streaming.Redis;
using Realtime.Testing;

namespace Realtime.Grains.Tests;

[Trait("Tier", "cluster")]
public sealed class RedisTopicIndexTests(RedisFixture redis) : TopicIndexContract, IClassFixture<RedisFixture>
{
    protected override ITopicIndex Index { get; } = new RedisTopicIndex(redis.Connection, new RedisKeys(RedisKeys.DefaultPrefix));
}

/// <summary>The index on a Redis Cluster: a kind's ids and listings share one slot for the scripts.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterTopicIndexTests(RedisClusterFixture redis) : TopicIndexContract, IClassFixture<RedisClusterFixture>
{
    protected override ITopicIndex Index { get; } = new RedisTopicIndex(redis.Connection, new RedisKeys(Ids.Unique("deployment")));
}
