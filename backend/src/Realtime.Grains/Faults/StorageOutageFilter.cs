using Realtime.Grains.Abstractions;
using StackExchange.Redis;

namespace Realtime.Grains.Faults;

/// <summary>
/// Turns a storage client's failure inside a grain call into <see cref="StorageUnavailableException"/>.
/// Redis's own exception types have no Orleans codec: thrown across silos they cannot be sent back, and
/// the caller would wait for the grain call timeout instead of hearing "unavailable, retry" at once.
/// </summary>
public sealed class StorageOutageFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (IsStorageOutage(exception))
        {
            // The original is not serializable, so only its message travels.
            throw new StorageUnavailableException($"Storage is unreachable ({exception.GetType().Name}: {exception.Message}).");
        }
    }

    private static bool IsStorageOutage(Exception exception) => exception switch
    {
        RedisException or RedisTimeoutException => true,
        { InnerException: { } inner } => IsStorageOutage(inner),
        _ => false,
    };
}
