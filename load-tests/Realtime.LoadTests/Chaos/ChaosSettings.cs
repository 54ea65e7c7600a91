namespace Realtime.LoadTests.Chaos;

/// <summary>How a chaos campaign runs: which faults, how long each lasts, and how long to watch the clients recover.</summary>
public sealed record ChaosSettings(
    string RepositoryRoot,
    int Silos,
    int BalancerPort,
    bool StartCluster,
    IReadOnlyList<string> Faults,
    TimeSpan Settle,
    TimeSpan Observe,
    TimeSpan RestartAfter,
    TimeSpan RedisDown,
    TimeSpan CutFor);
