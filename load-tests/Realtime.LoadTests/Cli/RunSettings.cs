namespace Realtime.LoadTests.Cli;

/// <summary>What every scenario shares: where to send load, how to spread it over connections, and for how long.</summary>
public sealed record RunSettings(
    IReadOnlyList<Uri> Targets,
    Uri Web,
    int StreamsPerConnection,
    TimeSpan RampUp,
    TimeSpan WarmUp,
    TimeSpan Duration,
    int Seed,
    IReadOnlyList<int> ServerPids,
    string ReportDirectory,
    bool Live)
{
    /// <summary>The target for the n-th client: clients are spread round-robin over every target (silo).</summary>
    public Uri Target(int n) => Targets[n % Targets.Count];
}
