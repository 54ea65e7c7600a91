using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Admin;

namespace Realtime.Server.Admin;

/// <summary>
/// Keeps this silo's <see cref="SiloAgent"/> registered with the cluster's control registry, renewing
/// it every interval, so operators reach the silo whichever silo their call arrives at.
/// </summary>
public sealed partial class SiloControlRegistration(
    SiloAgent agent,
    IGrainFactory grains,
    ILocalSiloDetails silo,
    IHostApplicationLifetime lifetime,
    IOptions<AdminOptions> options,
    ILogger<SiloControlRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Grain calls need the silo up, which it is once the application has started.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        var reference = grains.CreateObjectReference<ISiloControl>(agent);
        try
        {
            var interval = options.Value.RegistrationInterval;
            using var timer = new PeriodicTimer(interval);
            do
            {
                await RegisterAsync(reference, interval * 3);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the registration lapses by itself.
        }
        finally
        {
            grains.DeleteObjectReference<ISiloControl>(reference);
        }
    }

    private async Task RegisterAsync(ISiloControl reference, TimeSpan lifetime)
    {
        try
        {
            await grains.GetGrain<ISiloControlRegistryGrain>(0).RegisterAsync(silo.SiloAddress.ToParsableString(), reference, lifetime);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRegistrationFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register this silo's controls; retrying next interval")]
    private static partial void LogRegistrationFailed(ILogger logger, Exception exception);
}
