using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Realtime.Server.Health;

/// <summary>
/// Runs every check and publishes the report at once, instead of at the next period: drain, resume and
/// shutdown change readiness, and gRPC health watchers (balancers) should hear it now.
/// </summary>
public sealed class HealthNow(HealthCheckService checks, IEnumerable<IHealthCheckPublisher> publishers)
{
    public async Task<HealthReport> PublishAsync(CancellationToken cancellationToken)
    {
        var report = await checks.CheckHealthAsync(cancellationToken);
        foreach (var publisher in publishers)
        {
            await publisher.PublishAsync(report, cancellationToken);
        }
        return report;
    }
}
