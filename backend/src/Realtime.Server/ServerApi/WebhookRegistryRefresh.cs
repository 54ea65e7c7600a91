using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Webhooks;
using Realtime.Grains.Webhooks;
using Realtime.Streaming.Resilience;

namespace Realtime.Server.ServerApi;

/// <summary>
/// Reads the registered webhook endpoints into this silo's view every Webhooks:RegistryRefresh, so a registration made
/// on another silo is heard here within that time. A read that fails (storage away) is retried with backoff; the silo
/// keeps what it last read.
/// </summary>
public sealed class WebhookRegistryRefresh(IGrainFactory grains, WebhookEndpoints endpoints, ResilientLoops loops, IOptions<WebhookOptions> options)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        loops.RunAsync("webhook-registry", options.Value.RegistryRefresh, ReadAsync, stoppingToken);

    private async Task ReadAsync(CancellationToken cancellationToken) =>
        endpoints.UseRegistered(await grains.GetGrain<IWebhookRegistryGrain>(0).ListAsync().WaitAsync(cancellationToken));
}
