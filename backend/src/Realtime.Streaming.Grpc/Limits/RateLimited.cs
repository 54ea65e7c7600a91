using System.Threading.RateLimiting;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Realtime.Streaming.Grpc.Telemetry;

namespace Realtime.Streaming.Grpc.Limits;

/// <summary>How a limit says no: ResourceExhausted with google.rpc.RetryInfo, counted per limit.</summary>
public static class RateLimited
{
    public static TimeSpan RetryAfter(RateLimitLease lease, TimeSpan fallback) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : fallback;

    public static RpcException Refusal(string limit, string message, TimeSpan retryAfter)
    {
        ServerTelemetry.RateLimited(limit);
        var status = new Google.Rpc.Status { Code = (int)Code.ResourceExhausted, Message = message };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        return status.ToRpcException();
    }

    /// <summary>
    /// A token bucket of <paramref name="perPeriod"/> permits, refilled over <paramref name="period"/>, failing at
    /// once when empty; refilled by a timer, or by its owner calling TryReplenish.
    /// </summary>
    public static TokenBucketRateLimiterOptions Bucket(int perPeriod, TimeSpan period, bool autoReplenishment = true) => new()
    {
        TokenLimit = perPeriod,
        TokensPerPeriod = perPeriod,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = autoReplenishment,
    };
}
