using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Realtime.Server.Health;

/// <summary>What a health report means for new streams: ready unless a check is unhealthy (degraded still serves), and why.</summary>
public static class Readiness
{
    public static (bool Ready, string Reason) Of(HealthReport report) =>
        report.Status == HealthStatus.Unhealthy
            ? (false, string.Join("; ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => $"{e.Key}: {e.Value.Description}")))
            : (true, "serving");
}
