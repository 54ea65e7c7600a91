using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Realtime.Streaming.Grpc.Limits;

namespace Realtime.Server.Limits;

/// <summary>Unary calls per user and method (session commands, queries): over the rate, ResourceExhausted with when to retry.</summary>
public sealed class UnaryRateLimitInterceptor : Interceptor, IDisposable
{
    private readonly PartitionedRateLimiter<(string User, string Method)> _calls;

    public UnaryRateLimitInterceptor(IOptions<LimitsOptions> options)
    {
        var perSecond = options.Value.UnaryCallsPerSecondPerUser;
        _calls = PartitionedRateLimiter.Create<(string User, string Method), (string User, string Method)>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, _ => RateLimited.Bucket(perSecond, TimeSpan.FromSeconds(1))));
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // Anonymous calls (health) are not limited here: they never reach a grain.
        if (context.GetHttpContext().User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value is { } user)
        {
            using var lease = _calls.AttemptAcquire((user, context.Method));
            if (!lease.IsAcquired)
            {
                throw RateLimited.Refusal("unary", $"Too many {context.Method} calls; retry later.", RateLimited.RetryAfter(lease, TimeSpan.FromSeconds(1)));
            }
        }
        return continuation(request, context);
    }

    public void Dispose() => _calls.Dispose();
}
