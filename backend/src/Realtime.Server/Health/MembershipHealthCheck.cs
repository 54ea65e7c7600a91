using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Realtime.Server.Health;

/// <summary>This silo is an active member of the cluster in its own membership view (not joining, shutting down or declared dead).</summary>
public sealed class MembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"active; {active} active silo(s), membership version {snapshot.Version}")
            : HealthCheckResult.Unhealthy($"this silo is {status} in the membership table"));
    }
}
