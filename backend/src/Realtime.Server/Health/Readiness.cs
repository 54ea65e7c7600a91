using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Realtime.Server.Hosting;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Health;

/// <summary>
/// Whether this silo should get new streams, published to the gRPC health service (the readiness
/// names of <see cref="GrpcSetup.HealthServiceNames"/>): not before it started, not while it drains or
/// shuts down, and not while a dependency check is unhealthy (Redis unreachable, not an active member).
/// Each dependency report is published here; drain, resume and shutdown republish at once.
/// </summary>
public sealed partial class Readiness(HealthServiceImpl health, StreamRegistry streams, IHostApplicationLifetime lifetime, ILogger<Readiness> logger)
    : IHealthCheckPublisher
{
    private readonly Lock _gate = new();
    private HealthReport? _dependencies;
    private string _published = "";

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _dependencies, report);
        Refresh();
        return Task.CompletedTask;
    }

    /// <summary>Whether the silo is ready, and if not, why.</summary>
    public (bool Ready, string Reason) Current()
    {
        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return (false, "starting");
        }
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return (false, "shutting down");
        }
        if (streams.Draining)
        {
            return (false, "drained by an operator");
        }
        if (Volatile.Read(ref _dependencies) is { Status: HealthStatus.Unhealthy } report)
        {
            return (false, string.Join("; ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => $"{e.Key}: {e.Value.Description}")));
        }
        return (true, "serving");
    }

    /// <summary>Publishes the current readiness to the gRPC health service; logs each change once.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            var (ready, reason) = Current();
            health.SetHealth(ready ? HealthCheckResponse.Types.ServingStatus.Serving : HealthCheckResponse.Types.ServingStatus.NotServing);
            if (!string.Equals(reason, _published, StringComparison.Ordinal))
            {
                _published = reason;
                LogReadiness(logger, ready ? "SERVING" : "NOT_SERVING", reason);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Readiness: {Status} ({Reason})")]
    private static partial void LogReadiness(ILogger logger, string status, string reason);
}
