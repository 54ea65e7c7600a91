using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;
using Realtime.Server.Hosting;
using Realtime.Streaming.Grpc.Telemetry;
using Realtime.Streaming.Telemetry;

namespace Realtime.Server.Telemetry;

/// <summary>OpenTelemetry for the server: its own meters, ASP.NET Core and runtime metrics, a Prometheus endpoint, traces to OTLP.</summary>
public static class TelemetrySetup
{
    public static WebApplicationBuilder AddRealtimeTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName);
        // Log scopes carry the trace and span ids, so a log line leads to its trace.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("realtime"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ServerTelemetry.Name, StreamingTelemetry.Name).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (options.PrometheusPath.Length > 0)
                {
                    metrics.AddPrometheusExporter();
                }
                if (options.OtlpEndpoint.Length > 0)
                {
                    metrics.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(options.OtlpEndpoint));
                }
            });
        if (options.Tracing && options.OtlpEndpoint.Length > 0)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(StreamingTelemetry.Name, ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.RuntimeActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(otlp => otlp.Endpoint = new Uri(options.OtlpEndpoint)));
        }
        return builder;
    }

    /// <summary>The Prometheus scrape endpoint, on the web port only (the native port is gRPC).</summary>
    public static WebApplication MapRealtimeTelemetry(this WebApplication app)
    {
        var path = app.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.PrometheusPath ?? new TelemetryOptions().PrometheusPath;
        if (path.Length > 0)
        {
            // By the port the request came in on, not its Host header: the native port serves gRPC only.
            var ports = app.Services.GetRequiredService<ListeningPorts>();
            app.UseWhen(
                context => context.Request.Path.StartsWithSegments(path) && context.Connection.LocalPort != ports.Web,
                elsewhere => elsewhere.Run(context =>
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }));
            app.MapPrometheusScrapingEndpoint(path);
        }
        return app;
    }
}
