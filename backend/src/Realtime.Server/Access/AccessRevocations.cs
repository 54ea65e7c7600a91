using Realtime.Server.Cluster;

namespace Realtime.Server.Access;

/// <summary>
/// Removes users' streams from a topic on every live silo once their access was lowered (an access
/// change, a ban). The new policy is already in force for every join and command; a silo that does not
/// answer keeps such a stream receiving until it leaves, which is logged.
/// </summary>
public sealed partial class AccessRevocations(SiloDirectory silos, ILogger<AccessRevocations> logger)
{
    public async Task RevokeEverywhereAsync(string topic, string[] users, CancellationToken cancellationToken)
    {
        var endpoints = await silos.ListAsync();
        await Task.WhenAll(endpoints.Select(async silo =>
        {
            try
            {
                await silos.WithinTimeoutAsync(silo.Key, silo.Value.Control.RevokeAsync(topic, users), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRevocationFailed(logger, ex, topic, silo.Key);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing lowered users' streams from {Topic} on silo {Silo} failed; they receive until they leave")]
    private static partial void LogRevocationFailed(ILogger logger, Exception exception, string topic, string silo);
}
