using Microsoft.Extensions.Diagnostics.HealthChecks;
using Realtime.Streaming.Resilience;

namespace Realtime.Server.Health;

/// <summary>
/// Degraded (still serving) while a background loop fails: it retries on its own, and what it keeps
/// up (presence leases, upload expiry, the silo registration) tolerates a delay.
/// </summary>
public sealed class BackgroundLoopsHealthCheck(ResilientLoops loops) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = loops.Failing;
        return Task.FromResult(failing.Count == 0
            ? HealthCheckResult.Healthy("every background loop ran its last round")
            : HealthCheckResult.Degraded(string.Join("; ", failing.Select(f => $"{f.Key} failing since {f.Value.Since:O}: {f.Value.Reason}"))));
    }
}
