namespace Realtime.Grains.Commands;

/// <summary>
/// A token bucket per user: <c>perSecond</c> commands a second sustained, bursts up to the same count.
/// Not System.Threading.RateLimiting: its buckets read Stopwatch directly, while a grain keeps time
/// through its TimeProvider, so its limits are tested on a fake clock instead of by waiting.
/// </summary>
public sealed class PerUserRateLimiter(int perSecond, TimeProvider time)
{
    private readonly Dictionary<string, (double Tokens, long At)> _buckets = new(StringComparer.Ordinal);

    public bool TryTake(string userId)
    {
        var now = time.GetTimestamp();
        var (tokens, at) = _buckets.GetValueOrDefault(userId, (perSecond, now));
        tokens = Math.Min(perSecond, tokens + (time.GetElapsedTime(at, now).TotalSeconds * perSecond));
        if (tokens < 1)
        {
            _buckets[userId] = (tokens, now);
            return false;
        }
        _buckets[userId] = (tokens - 1, now);
        return true;
    }

    public void Forget(string userId) => _buckets.Remove(userId);
}
