using Microsoft.Extensions.Options;
using Realtime.Server.Health;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Hosting;

/// <summary>
/// Serving once started and while every health check passes (<see cref="LifecycleHealthCheck"/> covers starting, drained and stopping). On SIGTERM (the moment stopping begins, before Kestrel or the silo stop):
/// health turns NOT_SERVING so balancers move away, every stream is told to drain and gets a
/// reconnect hint with its resume points; stopping waits for the streams, bounded by the drain timeout.
/// </summary>
public sealed partial class GracefulShutdown(
    HealthNow health,
    StreamRegistry streams,
    IHostApplicationLifetime lifetime,
    IOptions<ServerOptions> options,
    ILogger<GracefulShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = health.PublishAsync(CancellationToken.None));
        lifetime.ApplicationStopping.Register(() =>
        {
            // gRPC health watchers are answered NOT_SERVING by the health service itself; this republishes for the log and later checks.
            _ = health.PublishAsync(CancellationToken.None);
            var drained = streams.DrainAll();
            LogDraining(logger, drained);
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await streams.WhenDrained.WaitAsync(options.Value.ShutdownDrainTimeout + TimeSpan.FromSeconds(1), cancellationToken);
        }
        catch (TimeoutException)
        {
            LogDrainTimedOut(logger, streams.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: draining {Count} streams")]
    private static partial void LogDraining(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} streams did not drain in time")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);
}
