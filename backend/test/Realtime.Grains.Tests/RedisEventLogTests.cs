using Realtime.Grains.Log;
using Realtime.Streaming.Redis;
using Realtime.Testing;

namespace Realtime.Grains.Tests;

[Trait("Tier", "cluster")]
public sealed class RedisEventLogTests : EventLogContract, IClassFixture<RedisFixture>
{
    private static readonly RedisKeys Keys = new(RedisKeys.DefaultPrefix);
    private readonly RedisFixture _redis;

    public RedisEventLogTests(RedisFixture redis)
    {
        _redis = redis;
        Log = new RedisEventLog(redis.Connection, Keys, Time);
    }

    protected override IEventLog Log { get; }

    [Fact]
    public async Task Entries_past_the_maximum_age_leave_the_stream_on_a_later_append_and_young_ones_stay()
    {
        var topic = Topic();
        await AppendAsync(topic, 1, 3, KeepAnHour);
        Time.Advance(TimeSpan.FromMinutes(50));
        await AppendAsync(topic, 4, 4, KeepAnHour);
        Assert.Equal(4, await StoredCountAsync(topic));

        Time.Advance(TimeSpan.FromMinutes(20));
        await AppendAsync(topic, 5, 5, KeepAnHour);

        Assert.Equal(2, await StoredCountAsync(topic));
        Assert.Equal([4L, 5L], (await Log.ReadAfterAsync(topic, 0, 10, default)).Select(e => e.Offset));
    }

    private Task<long> StoredCountAsync(string topic) => _redis.Connection.GetDatabase().StreamLengthAsync(Keys.Log(topic).Stream);
}

/// <summary>The log on a Redis Cluster: a topic's keys (stream, last offset, maximum age) must share one slot for the append script.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterEventLogTests : EventLogContract, IClassFixture<RedisClusterFixture>
{
    public RedisClusterEventLogTests(RedisClusterFixture redis) => Log = new RedisEventLog(redis.Connection, new RedisKeys(Ids.Unique("deployment")), Time);

    protected override IEventLog Log { get; }
}
