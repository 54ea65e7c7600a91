using System.Collections.Concurrent;
using Realtime.Streaming.Redis;
using StackExchange.Redis;

namespace Realtime.Grains.Log;

/// <summary>
/// The cluster-mode log: one Redis Stream per topic whose entry ids are the offsets ("offset-0"), read
/// by offset range, trimmed by count (MAXLEN), by what a snapshot covers (MINID) and by age. The last
/// offset is kept beside the stream so it survives trimming. An append is one script, for one entry or
/// a batch, that refuses a first offset that does not follow the last, so only the owning grain's next
/// events can be stored. A topic's keys share its hash tag (<see cref="RedisKeys.Log"/>), so the
/// script runs on a Redis Cluster too. A redacted entry (<see cref="RedactAsync"/>) leaves the stream for a hash of
/// replacements by offset (<see cref="TopicLogKeys.Redacted"/>) that reads merge back in; replacements older than the
/// stream's oldest entry count as trimmed and are dropped with the next append.
/// </summary>
public sealed class RedisEventLog(IConnectionMultiplexer redis, RedisKeys redisKeys, TimeProvider time) : IEventLog
{
    private const int AgeTrimBatch = 64;

    /// <summary>Age trimming reads the oldest entries, so it runs at most this often per topic, not on every append.</summary>
    private static readonly TimeSpan AgeTrimInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, long> _lastAgeTrim = new(StringComparer.Ordinal);

    /// <summary>
    /// KEYS: stream, last offset, maximum age, command ids, redacted, redacted offsets. ARGV: first offset, maximum age (ms, -1
    /// none), maximum count (0 none), drop-through offset (0 none), command ids kept, then data,
    /// stored-at (ms) and command id ("" none) per entry.
    /// </summary>
    private const string AppendScript = """
        local last = tonumber(redis.call('GET', KEYS[2]) or '0')
        local first = tonumber(ARGV[1])
        if last ~= first - 1 then
          return redis.error_reply('offset ' .. first .. ' does not follow ' .. last)
        end
        local count = (#ARGV - 5) / 3
        local kept = tonumber(ARGV[5])
        for i = 0, count - 1 do
          local id = (first + i) .. '-0'
          redis.call('XADD', KEYS[1], id, 'd', ARGV[6 + 3 * i], 't', ARGV[7 + 3 * i])
          if kept > 0 and ARGV[8 + 3 * i] ~= '' then
            redis.call('XADD', KEYS[4], 'MAXLEN', kept, id, 'c', ARGV[8 + 3 * i])
          end
        end
        redis.call('SET', KEYS[2], first + count - 1)
        redis.call('SET', KEYS[3], ARGV[2])
        -- Offsets are contiguous (redacted ones live beside the stream), so keeping the newest N is keeping those from last - N + 1.
        local keep = 1
        if tonumber(ARGV[3]) > 0 then keep = first + count - tonumber(ARGV[3]) end
        keep = math.max(keep, tonumber(ARGV[4]) + 1)
        if keep > 1 then
          redis.call('XTRIM', KEYS[1], 'MINID', keep .. '-0')
          if redis.call('ZCARD', KEYS[6]) > 0 then
            for _, offset in ipairs(redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', '(' .. keep)) do
              redis.call('HDEL', KEYS[5], offset, offset .. ':t')
            end
            redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', '(' .. keep)
          end
        end
        return count
        """;

    /// <summary>KEYS: stream, redacted, redacted offsets. ARGV: offset, data. Moves a retained entry's time and new data out of the stream.</summary>
    private const string RedactScript = """
        local id = ARGV[1] .. '-0'
        if redis.call('ZSCORE', KEYS[3], ARGV[1]) then
          redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
          return 1
        end
        local found = redis.call('XRANGE', KEYS[1], id, id)
        if #found == 0 then
          return 0
        end
        local fields = found[1][2]
        local storedAt = '0'
        for i = 1, #fields, 2 do
          if fields[i] == 't' then storedAt = fields[i + 1] end
        end
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2], ARGV[1] .. ':t', storedAt)
        redis.call('ZADD', KEYS[3], ARGV[1], ARGV[1])
        redis.call('XDEL', KEYS[1], id)
        return 1
        """;

    /// <summary>
    /// KEYS: stream, redacted, redacted offsets. ARGV: direction (1 after, -1 before), from (exclusive), count, the stream id
    /// next to from in that direction (formatted by the caller: Lua prints large numbers as floats). The stream's
    /// entries in that direction, and the redacted ones among them (or beyond them when the page is not full) as
    /// {offset, data, stored-at}.
    /// </summary>
    private const string ReadScript = """
        local from = tonumber(ARGV[2])
        local count = tonumber(ARGV[3])
        local entries
        if ARGV[1] == '1' then
          entries = redis.call('XRANGE', KEYS[1], ARGV[4], '+', 'COUNT', count)
        else
          entries = redis.call('XREVRANGE', KEYS[1], ARGV[4], '-', 'COUNT', count)
        end
        if redis.call('ZCARD', KEYS[3]) == 0 then
          return {entries, {}}
        end
        local function offsetOf(id) return tonumber(string.match(id, '^(%d+)')) end
        local offsets
        if ARGV[1] == '1' then
          local high = '+inf'
          if #entries == count then high = offsetOf(entries[#entries][1]) end
          offsets = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. ARGV[2], high, 'LIMIT', 0, count)
        else
          local low = '-inf'
          if #entries == count then low = offsetOf(entries[#entries][1]) end
          offsets = redis.call('ZREVRANGEBYSCORE', KEYS[3], '(' .. ARGV[2], low, 'LIMIT', 0, count)
        end
        local redacted = {}
        for i, offset in ipairs(offsets) do
          redacted[i] = {offset, redis.call('HGET', KEYS[2], offset), redis.call('HGET', KEYS[2], offset .. ':t')}
        end
        return {entries, redacted}
        """;

    private IDatabase Db => redis.GetDatabase();

    public async ValueTask AppendAsync(string topic, IReadOnlyList<LogEntry> entries, LogRetention retention, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var keys = Keys(topic);
        var arguments = new RedisValue[5 + 3 * entries.Count];
        arguments[0] = entries[0].Offset;
        arguments[1] = retention.MaxAge == TimeSpan.MaxValue ? -1 : (long)retention.MaxAge.TotalMilliseconds;
        arguments[2] = retention.MaxCount == int.MaxValue ? 0 : retention.MaxCount;
        arguments[3] = retention.DropThrough;
        arguments[4] = retention.CommandIds;
        for (var i = 0; i < entries.Count; i++)
        {
            arguments[5 + 3 * i] = entries[i].Data;
            arguments[6 + 3 * i] = entries[i].StoredAt.ToUnixTimeMilliseconds();
            arguments[7 + 3 * i] = entries[i].CommandId ?? "";
        }
        try
        {
            await Db.ScriptEvaluateAsync(AppendScript, [keys.Stream, keys.Last, keys.MaxAge, keys.Commands, keys.Redacted, keys.RedactedOffsets], arguments);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("does not follow", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(ex.Message, ex);
        }
        await TrimExpiredAsync(keys, retention.MaxAge);
    }

    public async ValueTask<LogEntry[]> ReadAfterAsync(string topic, long afterOffset, int maxCount, CancellationToken cancellationToken)
    {
        if (maxCount <= 0 || afterOffset == long.MaxValue)
        {
            return [];
        }
        var keys = Keys(topic);
        // A Redis command cannot be withdrawn once sent; a cancelled reader stops waiting for it.
        var cutoff = await CutoffAsync(keys).WaitAsync(cancellationToken);
        var entries = await ReadAsync(keys, 1, afterOffset, maxCount).WaitAsync(cancellationToken);
        return [.. entries.OrderBy(e => e.Offset).Take(maxCount).Where(e => e.StoredAt >= cutoff)];
    }

    public async ValueTask<LogEntry[]> ReadBeforeAsync(string topic, long beforeOffset, int maxCount, CancellationToken cancellationToken)
    {
        if (maxCount <= 0 || beforeOffset <= 1)
        {
            return [];
        }
        var keys = Keys(topic);
        var cutoff = await CutoffAsync(keys).WaitAsync(cancellationToken);
        var entries = await ReadAsync(keys, -1, beforeOffset, maxCount).WaitAsync(cancellationToken);
        return [.. entries.OrderByDescending(e => e.Offset).Take(maxCount).Where(e => e.StoredAt >= cutoff)];
    }

    public async ValueTask<bool> RedactAsync(string topic, long offset, byte[] data, CancellationToken cancellationToken)
    {
        var keys = Keys(topic);
        var redacted = await Db.ScriptEvaluateAsync(RedactScript, [keys.Stream, keys.Redacted, keys.RedactedOffsets], [offset, data]).WaitAsync(cancellationToken);
        return (long)redacted == 1;
    }

    /// <summary>A page of the stream with the redacted entries among it merged in (unordered).</summary>
    private async Task<IEnumerable<LogEntry>> ReadAsync(TopicLogKeys keys, int direction, long from, int maxCount)
    {
        var next = $"{from + direction}-0";
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(ReadScript, [keys.Stream, keys.Redacted, keys.RedactedOffsets], [direction, from, maxCount, next]))!;
        var stored = ((RedisResult[])result[0]!).Select(entry =>
        {
            var parts = (RedisResult[])entry!;
            var fields = (RedisResult[])parts[1]!;
            var values = Enumerable.Range(0, fields.Length / 2).ToDictionary(i => (string)fields[2 * i]!, i => fields[2 * i + 1]);
            return new LogEntry(OffsetOf((string)parts[0]!), DateTimeOffset.FromUnixTimeMilliseconds((long)values["t"]), (byte[])values["d"]!);
        });
        var redacted = ((RedisResult[])result[1]!).Select(entry =>
        {
            var parts = (RedisResult[])entry!;
            return new LogEntry((long)parts[0], DateTimeOffset.FromUnixTimeMilliseconds((long)parts[2]), (byte[])parts[1]!);
        });
        return stored.Concat(redacted);
    }

    /// <summary>
    /// Read on every history page, so its reads go out together and only the oldest entry is fetched,
    /// unless that one is past the maximum age (age trimming runs at most once a second).
    /// </summary>
    public async ValueTask<LogBounds> GetBoundsAsync(string topic, CancellationToken cancellationToken)
    {
        var keys = Keys(topic);
        var lastRead = Db.StringGetAsync(keys.Last);
        var cutoffRead = CutoffAsync(keys);
        var oldestRead = Db.StreamRangeAsync(keys.Stream, "-", "+", 1);
        var oldestRedactedRead = Db.SortedSetRangeByRankAsync(keys.RedactedOffsets, 0, 0);
        var last = await lastRead.WaitAsync(cancellationToken);
        var lastOffset = last.IsNullOrEmpty ? 0 : (long)last;
        var cutoff = await cutoffRead.WaitAsync(cancellationToken);
        var oldest = await OldestAsync(keys, oldestRead, cutoff, cancellationToken);
        var first = oldest.FirstOrDefault(e => e.StoredAt >= cutoff)?.Offset ?? lastOffset + 1;
        if ((await oldestRedactedRead.WaitAsync(cancellationToken)) is [var redacted] && (long)redacted < first
            && (await Db.HashGetAsync(keys.Redacted, $"{redacted}:t").WaitAsync(cancellationToken)) is { IsNull: false } storedAt
            && DateTimeOffset.FromUnixTimeMilliseconds((long)storedAt) >= cutoff)
        {
            first = (long)redacted;
        }
        return new LogBounds(first, lastOffset);
    }

    public async ValueTask<StoredCommand[]> ReadCommandIdsAsync(string topic, int maxCount, CancellationToken cancellationToken)
    {
        if (maxCount <= 0)
        {
            return [];
        }
        var entries = await Db.StreamRangeAsync(Keys(topic).Commands, "-", "+", maxCount, Order.Descending).WaitAsync(cancellationToken);
        return [.. entries.Select(e => new StoredCommand((string)e["c"]!, OffsetOf(e)))];
    }

    private async Task TrimExpiredAsync(TopicLogKeys keys, TimeSpan maxAge)
    {
        var now = time.GetTimestamp();
        if (maxAge == TimeSpan.MaxValue
            || (_lastAgeTrim.TryGetValue(keys.Stream, out var last) && time.GetElapsedTime(last, now) < AgeTrimInterval))
        {
            return;
        }
        _lastAgeTrim[keys.Stream] = now;
        var cutoff = time.GetUtcNow() - maxAge;
        var oldest = await OldestAsync(keys, Db.StreamRangeAsync(keys.Stream, "-", "+", 1), cutoff, CancellationToken.None);
        var keep = oldest.FirstOrDefault(e => e.StoredAt >= cutoff);
        if (oldest.Length > 0 && keep?.Offset != oldest[0].Offset)
        {
            var minId = keep is null ? $"{oldest[^1].Offset + 1}-0" : $"{keep.Offset}-0";
            await Db.ExecuteAsync("XTRIM", keys.Stream, "MINID", minId);
        }
    }

    /// <summary>
    /// The oldest entry alone (<paramref name="oldestRead"/>, a range read of one) while it is young enough,
    /// else the oldest batch, to find where the young ones begin: mostly one entry read settles it.
    /// </summary>
    private async Task<LogEntry[]> OldestAsync(TopicLogKeys keys, Task<StreamEntry[]> oldestRead, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var oldest = (await oldestRead.WaitAsync(cancellationToken)).Select(ToEntry).ToArray();
        return oldest.Length == 1 && oldest[0].StoredAt < cutoff
            ? [.. (await Db.StreamRangeAsync(keys.Stream, "-", "+", AgeTrimBatch).WaitAsync(cancellationToken)).Select(ToEntry)]
            : oldest;
    }

    /// <summary>Entries stored before this are past the topic's maximum age (trimming may lag a little).</summary>
    private async Task<DateTimeOffset> CutoffAsync(TopicLogKeys keys)
    {
        var maxAge = await Db.StringGetAsync(keys.MaxAge);
        return maxAge.IsNullOrEmpty || (long)maxAge < 0 ? DateTimeOffset.MinValue : time.GetUtcNow() - TimeSpan.FromMilliseconds((long)maxAge);
    }

    private static LogEntry ToEntry(StreamEntry entry)
    {
        var storedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)entry["t"]);
        return new LogEntry(OffsetOf(entry), storedAt, (byte[])entry["d"]!);
    }

    private static long OffsetOf(StreamEntry entry) => OffsetOf((string)entry.Id!);

    private static long OffsetOf(string id) => long.Parse(id.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);

    private TopicLogKeys Keys(string topic) => redisKeys.Log(topic);
}
