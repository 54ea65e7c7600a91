using Realtime.Streaming.Redis;
using StackExchange.Redis;

namespace Realtime.Grains.Directory;

/// <summary>
/// The cluster-mode index: per kind a sorted set of ids (all scores 0, so Redis orders them by their
/// bytes, as ordinal comparison does) and a hash of listings, under one hash tag. A page is one
/// ZRANGEBYLEX and one HMGET in one script, so it is consistent and costs O(log n + page).
/// </summary>
public sealed class RedisTopicIndex(IConnectionMultiplexer redis, RedisKeys redisKeys) : ITopicIndex
{
    /// <summary>KEYS: ids, listings. ARGV: id, listing.</summary>
    private const string PutScript = """
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        return redis.call('ZADD', KEYS[1], 0, ARGV[1])
        """;

    /// <summary>KEYS: ids, listings. ARGV: lower bound ("-" or "(" .. id), count. Returns ids then listings.</summary>
    private const string ListScript = """
        local ids = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], '+', 'LIMIT', 0, tonumber(ARGV[2]))
        if #ids == 0 then
          return {{}, {}}
        end
        return {ids, redis.call('HMGET', KEYS[2], unpack(ids))}
        """;

    private IDatabase Db => redis.GetDatabase();

    public async ValueTask PutAsync(string kind, string id, byte[] listing, CancellationToken cancellationToken)
    {
        var keys = redisKeys.Directory(kind);
        await Db.ScriptEvaluateAsync(PutScript, [keys.Ids, keys.Listings], [id, listing]);
    }

    public async ValueTask<IndexedTopic[]> ListAsync(string kind, string afterId, int maxCount, CancellationToken cancellationToken)
    {
        var keys = redisKeys.Directory(kind);
        var lower = afterId.Length == 0 ? "-" : "(" + afterId;
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(ListScript, [keys.Ids, keys.Listings], [lower, maxCount]))!;
        var ids = (RedisValue[])result[0]!;
        var listings = (RedisValue[])result[1]!;
        var page = new List<IndexedTopic>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            // Both are written by one script, so a listing is missing only if someone edited the keys by hand.
            if (!listings[i].IsNull)
            {
                page.Add(new IndexedTopic(ids[i]!, listings[i]!));
            }
        }
        return [.. page];
    }
}
