using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Realtime.Server.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// Service name that is SERVING while the process runs, even when draining or shutting down: for
    /// liveness probes, which must not restart a silo an operator drained.
    /// </summary>
    public const string LivenessServiceName = "liveness";

    /// <summary>Service names that report readiness: the server as a whole ("") and the services balancers route by.</summary>
    public static readonly string[] ReadinessServiceNames =
    [
        "",
        Protos.Chat.V1.ChatService.Descriptor.FullName,
        Protos.Session.V1.SessionService.Descriptor.FullName,
    ];

    private const string LiveTag = "live";

    /// <summary>
    /// ASP.NET Core health checks behind the gRPC health service (Grpc.AspNetCore.HealthChecks): the
    /// silo's lifecycle (starting, drained, shutting down), cluster membership, background loops, and in
    /// cluster mode Redis (added by the silo setup). A Check call runs them; Watch streams what is
    /// published every <see cref="HealthOptions.CheckInterval"/> and at once on drain, resume and shutdown.
    /// </summary>
    public static IServiceCollection AddRealtimeHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddGrpcHealthChecks(grpc =>
            {
                foreach (var name in ReadinessServiceNames)
                {
                    grpc.Services.Map(name, _ => true);
                }
                grpc.Services.Map(LivenessServiceName, check => check.Tags.Contains(LiveTag));
            })
            .AddCheck("process", () => HealthCheckResult.Healthy("running"), [LiveTag])
            .AddCheck<LifecycleHealthCheck>("lifecycle")
            .AddCheck<MembershipHealthCheck>("membership")
            .AddCheck<BackgroundLoopsHealthCheck>("background");
        // Every check, also one a gRPC Check call or /healthz runs live, gives up after the check timeout (counted unhealthy).
        services.AddOptions<HealthCheckServiceOptions>().PostConfigure<IOptions<HealthOptions>>((checks, health) =>
        {
            foreach (var registration in checks.Registrations.Where(r => r.Timeout == Timeout.InfiniteTimeSpan))
            {
                registration.Timeout = health.Value.CheckTimeout;
            }
        });
        services.AddOptions<HealthCheckPublisherOptions>().Configure<IOptions<HealthOptions>>((publisher, health) =>
        {
            publisher.Delay = TimeSpan.Zero;
            publisher.Period = health.Value.CheckInterval;
            publisher.Timeout = health.Value.CheckTimeout;
        });
        services.AddSingleton<IHealthCheckPublisher, ReadinessLog>();
        services.AddSingleton<HealthNow>();
        return services;
    }

    /// <summary>
    /// The gRPC health service, and for HTTP probes (the web port, also through a balancer whose Host
    /// header names no silo port): <c>/healthz</c> (200 ready, 503 not, with every check's status and
    /// reason as JSON) and <c>/healthz/live</c> (200 while the process runs, also when drained).
    /// </summary>
    public static WebApplication MapRealtimeHealth(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGet("/healthz", async (HealthNow health, CancellationToken cancellationToken) =>
        {
            var report = await health.PublishAsync(cancellationToken);
            var (ready, reason) = Readiness.Of(report);
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
