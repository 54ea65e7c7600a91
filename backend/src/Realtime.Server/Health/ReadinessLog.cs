using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Realtime.Server.Health;

/// <summary>
/// Logs each change of readiness once, with the reason: which checks are unhealthy and what they say.
/// (The health check service's own per-run error lines are turned off in appsettings.json: starting,
/// draining and shutting down are not errors, and an outage is said here once instead of every period.)
/// </summary>
public sealed partial class ReadinessLog(ILogger<ReadinessLog> logger) : IHealthCheckPublisher
{
    private readonly Lock _gate = new();
    private string _last = "";

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        var (ready, reason) = Readiness.Of(report);
        lock (_gate)
        {
            if (!string.Equals(reason, _last, StringComparison.Ordinal))
            {
                _last = reason;
                LogReadiness(logger, ready ? "SERVING" : "NOT_SERVING", reason);
            }
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Readiness: {Status} ({Reason})")]
    private static partial void LogReadiness(ILogger logger, string status, string reason);
}
