using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Streaming.Grpc.Identity;

namespace Realtime.Streaming.Grpc.Limits;

/// <summary>
/// Decides whether a stream may open: the user's and the client address's opening rates, and the
/// user's open streams. An admitted stream holds its slot until the returned handle is disposed.
/// </summary>
public sealed class StreamAdmission : IDisposable
{
    private readonly LimitsOptions _limits;
    private readonly PartitionedRateLimiter<string> _opensPerUser;
    private readonly PartitionedRateLimiter<string> _opensPerAddress;
    private readonly ConcurrentDictionary<string, int> _openPerUser = new(StringComparer.Ordinal);

    public StreamAdmission(IOptions<LimitsOptions> options)
    {
        _limits = options.Value;
        _opensPerUser = PartitionedRateLimiter.Create<string, string>(user =>
            RateLimitPartition.GetTokenBucketLimiter(user, _ => RateLimited.Bucket(_limits.StreamOpensPerUserPerMinute, TimeSpan.FromMinutes(1))));
        _opensPerAddress = _limits.StreamOpensPerAddressPerMinute > 0
            ? PartitionedRateLimiter.Create<string, string>(address =>
                RateLimitPartition.GetTokenBucketLimiter(address, _ => RateLimited.Bucket(_limits.StreamOpensPerAddressPerMinute, TimeSpan.FromMinutes(1))))
            : PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetNoLimiter(""));
    }

    public IDisposable Admit(ServerCallContext context)
    {
        var user = context.UserId();
        var address = context.GetHttpContext().Connection.RemoteIpAddress?.ToString() ?? "";
        using (var byAddress = _opensPerAddress.AttemptAcquire(address))
        {
            if (!byAddress.IsAcquired)
            {
                throw RateLimited.Refusal("stream_opens_address", "Too many streams opened from this address; retry later.", RateLimited.RetryAfter(byAddress, TimeSpan.FromSeconds(1)));
            }
        }
        using (var byUser = _opensPerUser.AttemptAcquire(user))
        {
            if (!byUser.IsAcquired)
            {
                throw RateLimited.Refusal("stream_opens_user", "Too many streams opened by this user; retry later.", RateLimited.RetryAfter(byUser, TimeSpan.FromSeconds(1)));
            }
        }
        if (_openPerUser.AddOrUpdate(user, 1, (_, open) => open + 1) > _limits.MaxStreamsPerUser)
        {
            Release(user);
            throw RateLimited.Refusal("concurrent_streams", $"A user may have at most {_limits.MaxStreamsPerUser} streams open; close one first.", TimeSpan.FromSeconds(1));
        }
        return new Slot(this, user);
    }

    public void Dispose()
    {
        _opensPerUser.Dispose();
        _opensPerAddress.Dispose();
    }

    private void Release(string user)
    {
        if (_openPerUser.AddOrUpdate(user, 0, (_, open) => open - 1) <= 0)
        {
            _openPerUser.TryRemove(new KeyValuePair<string, int>(user, 0));
        }
    }

    private sealed class Slot(StreamAdmission admission, string user) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                admission.Release(user);
            }
        }
    }
}
