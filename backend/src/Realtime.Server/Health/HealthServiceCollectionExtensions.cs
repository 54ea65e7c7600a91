using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Realtime.Server.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// Dependency checks (membership, background loops; Redis is added by cluster mode) run every
    /// <see cref="HealthOptions.CheckInterval"/> and published to <see cref="Readiness"/>.
    /// </summary>
    public static IServiceCollection AddRealtimeHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks()
            .AddCheck<MembershipHealthCheck>("membership")
            .AddCheck<BackgroundLoopsHealthCheck>("background");
        services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<HealthOptions>>((publisher, health) =>
        {
            publisher.Delay = TimeSpan.Zero;
            publisher.Period = health.Value.CheckInterval;
            publisher.Timeout = health.Value.CheckTimeout;
        });
        services.AddSingleton<Readiness>();
        services.AddSingleton<IHealthCheckPublisher>(sp => sp.GetRequiredService<Readiness>());
        return services;
    }

    /// <summary>
    /// For HTTP probes (the web port, also through a balancer whose Host header names no silo port):
    /// <c>/healthz</c> (200 ready, 503 not, with every check's status and reason as JSON)
    /// and <c>/healthz/live</c> (200 while the process runs, also when drained).
    /// </summary>
    public static WebApplication MapRealtimeHealth(this WebApplication app)
    {
        app.MapGet("/healthz", async (HealthCheckService checks, Readiness readiness, CancellationToken cancellationToken) =>
        {
            var report = await checks.CheckHealthAsync(cancellationToken);
            await readiness.PublishAsync(report, cancellationToken);
            var (ready, reason) = readiness.Current();
            return Results.Json(
                new
                {
                    status = ready ? "SERVING" : "NOT_SERVING",
                    reason,
                    checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
                },
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet("/healthz/live", () => Results.Text("alive"));
        return app;
    }
}
