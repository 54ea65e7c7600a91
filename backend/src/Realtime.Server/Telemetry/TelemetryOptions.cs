namespace Realtime.Server.Telemetry;

/// <summary>Metrics and traces, bound from "Telemetry".</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>Path of the Prometheus scrape endpoint on the web port (default "/metrics"); empty turns it off.</summary>
    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// OTLP collector (e.g. "http://otel-collector:4317") that receives traces and metrics; empty (the
    /// default) exports no traces, and spans are created only for in-process listeners.
    /// </summary>
    public string OtlpEndpoint { get; set; } = "";
}
