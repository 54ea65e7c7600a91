using Realtime.LoadTests.Measure;

namespace Realtime.LoadTests.Report;

/// <summary>Everything one scenario of a run measured, as written to the terminal, JSON and HTML reports.</summary>
public sealed record ScenarioResult(
    string Scenario,
    string Offered,
    int Streams,
    int Connections,
    double RampUpSeconds,
    double MeasuredSeconds,
    long Sent,
    long Delivered,
    double SentPerSecond,
    double DeliveredPerSecond,
    LatencySummary Latency,
    LatencySummary TickJitter,
    IReadOnlyDictionary<string, long> Errors,
    long Reconnects,
    IReadOnlyDictionary<string, long> ReconnectCauses,
    long Gaps,
    long Duplicates,
    double? ServerCpuMicrosPerDelivery,
    double? ServerKibPerStream,
    IReadOnlyDictionary<string, string> Checks,
    IReadOnlyList<SecondSample> Timeline);
