using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Admin;
using Realtime.Server.Admin;
using Realtime.Server.Sessions;

namespace Realtime.Server.Cluster;

/// <summary>
/// Keeps this silo registered with the cluster's silo registry, renewing it every interval, so
/// operators and forwarded session commands reach it whichever silo their call arrives at.
/// </summary>
public sealed partial class SiloRegistration(
    SiloAgent agent,
    SessionHost sessions,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IHostApplicationLifetime lifetime,
    IOptions<SiloRegistryOptions> options,
    ILogger<SiloRegistration> logger) : BackgroundService
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
            using var timer = new PeriodicTimer(interval);
            do
            {
                await RegisterAsync(new SiloEndpoints(control, sessionHost), interval * 3);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the registration lapses by itself.
        }
        finally
        {
            grains.DeleteObjectReference<ISiloControl>(control);
            grains.DeleteObjectReference<ISessionHost>(sessionHost);
        }
    }

    private async Task RegisterAsync(SiloEndpoints endpoints, TimeSpan lifetime)
    {
        try
        {
            await grains.GetGrain<ISiloRegistryGrain>(0).RegisterAsync(silo.SiloAddress.ToParsableString(), endpoints, lifetime);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRegistrationFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register this silo with the silo registry; retrying next interval")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception exception);
}
