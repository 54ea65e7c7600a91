using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Admin;
using Realtime.Server.Admin;
using Realtime.Server.Sessions;
using Realtime.Streaming.Resilience;

namespace Realtime.Server.Cluster;

/// <summary>
/// Keeps this silo registered with the cluster's silo registry, renewing it every interval (a failed
/// renewal is retried with backoff), so operators and forwarded session commands reach it whichever silo their call arrives at.
/// </summary>
public sealed class SiloRegistration(
    SiloAgent agent,
    SessionHost sessions,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IHostApplicationLifetime lifetime,
    ResilientLoops loops,
    IOptions<SiloRegistryOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls need the silo up, which it is once the application has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        var control = grains.CreateObjectReference<ISiloControl>(agent);
        var sessionHost = grains.CreateObjectReference<ISessionHost>(sessions);
        try
        {
            var interval = options.Value.RegistrationInterval;
            // Registered for three intervals, so a few failed rounds (a grain moving, Redis away) do not lapse it.
            await loops.RunAsync("silo-registration", interval, _ => RegisterAsync(new SiloEndpoints(control, sessionHost), interval * 3), stoppingToken);
        }
        finally
        {
            grains.DeleteObjectReference<ISiloControl>(control);
            grains.DeleteObjectReference<ISessionHost>(sessionHost);
        }
    }

    private Task RegisterAsync(SiloEndpoints endpoints, TimeSpan lifetime) =>
        grains.GetGrain<ISiloRegistryGrain>(0).RegisterAsync(silo.SiloAddress.ToParsableString(), endpoints, lifetime);
}
