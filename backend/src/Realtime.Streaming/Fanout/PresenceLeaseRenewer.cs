using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Realtime.Streaming.Resilience;

namespace Realtime.Streaming.Fanout;

/// <summary>
/// Renews, in each owning grain, the presence of every member whose stream this silo holds. A silo
/// that dies stops renewing, and its members expire in the grains after the presence TTL. A round that
/// fails (a grain or Redis unreachable) is retried with backoff; the other topics are renewed anyway.
/// </summary>
public sealed class PresenceLeaseRenewer(FanoutHub hub, TopicGrainResolver grains, ResilientLoops loops, IOptions<StreamingOptions> options)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        loops.RunAsync("presence-renewal", options.Value.PresenceRenewInterval, RenewAllAsync, stoppingToken);

    private Task RenewAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(hub.PresenceLeases().Select(topic => grains.Resolve(topic.Topic).RenewPresenceAsync(topic.Leases)));
}
