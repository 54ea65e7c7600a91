namespace Realtime.LoadTests.Chaos;

/// <summary>What one injected fault cost the clients, as written to the chaos report.</summary>
public sealed record FaultResult(
    string Fault,
    string Detail,
    int Clients,
    int ClientsAffected,
    double MaxSecondsWithoutDelivery,
    double P99SecondsWithoutDelivery,
    long Gaps,
    long Duplicates,
    IReadOnlyDictionary<string, long> ReconnectsByCause,
    IReadOnlyDictionary<string, long> ErrorsByStatus,
    IReadOnlyList<int> SilosStoppedByThemselves,
    int ClientsGivenUp)
{
    /// <summary>No gap, duplicate, silo that stopped by itself or client that gave up.</summary>
    public bool Passed => Gaps == 0 && Duplicates == 0 && SilosStoppedByThemselves.Count == 0 && ClientsGivenUp == 0;
}
