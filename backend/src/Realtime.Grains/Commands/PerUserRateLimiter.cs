namespace Realtime.Grains.Commands;

/// <summary>
/// A token bucket per user: <c>limit</c> commands per <c>period</c> sustained, bursts up to <c>limit</c>.
/// Not System.Threading.RateLimiting: its buckets read Stopwatch directly, while a grain keeps time
/// through its TimeProvider, so its limits are tested on a fake clock instead of by waiting.
/// </summary>
public sealed class PerUserRateLimiter(int limit, TimeSpan period, TimeProvider time)
{
    private readonly Dictionary<string, (double Tokens, long At)> _buckets = new(StringComparer.Ordinal);
    private readonly double _perSecond = limit / period.TotalSeconds;

    public PerUserRateLimiter(int perSecond, TimeProvider time)
        : this(perSecond, TimeSpan.FromSeconds(1), time)
    {
    }

    /// <summary>Users with a bucket.</summary>
    public int Count => _buckets.Count;

    public bool TryTake(string userId)
    {
        var now = time.GetTimestamp();
        var tokens = Refilled(userId, now);
        if (tokens < 1)
        {
            _buckets[userId] = (tokens, now);
            return false;
        }
        _buckets[userId] = (tokens - 1, now);
        return true;
    }

    public void Forget(string userId) => _buckets.Remove(userId);

    /// <summary>Forgets the users whose buckets have refilled: remembering them changes nothing.</summary>
    public void DropFull()
    {
        var now = time.GetTimestamp();
        foreach (var userId in _buckets.Keys.Where(user => Refilled(user, now) >= limit).ToArray())
        {
            _buckets.Remove(userId);
        }
    }

    private double Refilled(string userId, long now)
    {
        if (!_buckets.TryGetValue(userId, out var bucket))
        {
            return limit;
        }
        return Math.Min(limit, bucket.Tokens + (time.GetElapsedTime(bucket.At, now).TotalSeconds * _perSecond));
    }
}
