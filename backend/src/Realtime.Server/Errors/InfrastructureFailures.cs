using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Streaming.Grpc.Errors;
using StackExchange.Redis;

namespace Realtime.Server.Errors;

/// <summary>
/// Storage or a cluster node that does not answer is Unavailable: the command may be retried, and its
/// idempotency key makes that safe. One mapping for whole calls and for the entries of a batch.
/// </summary>
public static class InfrastructureFailures
{
    /// <summary>The refusal for a failure of storage or of the cluster; null for any other exception.</summary>
    public static CommandException? ToCommandException(Exception exception) => exception switch
    {
        StorageUnavailableException or RedisException => CommandException.StorageUnavailable("Storage"),
        SiloUnavailableException or TimeoutException or OrleansMessageRejectionException =>
            new CommandException(StatusCode.Unavailable, "A cluster node did not answer in time; retry."),
        _ => null,
    };
}
