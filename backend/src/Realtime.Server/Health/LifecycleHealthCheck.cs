using Microsoft.Extensions.Diagnostics.HealthChecks;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Health;

/// <summary>Whether this silo should get new streams as far as its own life goes: not before it started, not while drained or shutting down.</summary>
public sealed class LifecycleHealthCheck(StreamRegistry streams, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Unhealthy("starting")
            : lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("shutting down")
            : streams.Draining ? HealthCheckResult.Unhealthy("drained by an operator")
            : HealthCheckResult.Healthy("serving"));
}
