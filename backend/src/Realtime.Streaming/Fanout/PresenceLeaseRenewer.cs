using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Realtime.Streaming.Fanout;

/// <summary>
/// Renews, in each owning grain, the presence of every member whose stream this silo holds. A silo
/// that dies stops renewing, and its members expire in the grains after the presence TTL.
/// </summary>
public sealed partial class PresenceLeaseRenewer(FanoutHub hub, TopicGrainResolver grains, IOptions<StreamingOptions> options, ILogger<PresenceLeaseRenewer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PresenceRenewInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await Task.WhenAll(hub.PresenceLeases().Select(RenewAsync));
        }
    }

    private async Task RenewAsync((string Topic, Grains.Abstractions.PresenceLease[] Leases) topic)
    {
        try
        {
            await grains.Resolve(topic.Topic).RenewPresenceAsync(topic.Leases);
        }
        catch (Exception ex)
        {
            LogRenewFailed(ex, topic.Topic);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing presence leases on {Topic} failed; retried next interval")]
    private partial void LogRenewFailed(Exception exception, string topic);
}
