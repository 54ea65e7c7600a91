using Realtime.Protos.Admin.V1;

namespace Realtime.AdminCli;

/// <summary>Finds the silo an operator means: its full address, its host:port, or its name.</summary>
public static class SiloSelector
{
    /// <summary>The silo's address as AdminService takes it, or an error saying which silos there are.</summary>
    public static (string? Address, string? Error) Find(GetClusterOverviewResponse overview, string wanted)
    {
        var matches = overview.Silos
            .Where(s => s.Silo == wanted || s.Name == wanted || s.Silo.StartsWith(wanted + "@", StringComparison.Ordinal))
            .ToList();
        // A restarted silo keeps its host:port with a new generation: the live one is meant.
        var chosen = matches.Count > 1 ? matches.Where(s => s.Status == SiloStatus.Active).ToList() : matches;
        return chosen.Count switch
        {
            1 => (chosen[0].Silo, null),
            0 => (null, $"no silo is called or listens at '{wanted}'; silos: {string.Join(", ", overview.Silos.Select(s => $"{s.Name} ({s.Silo}, {s.Status})"))}"),
            _ => (null, $"'{wanted}' names {chosen.Count} live silos; use one of: {string.Join(", ", chosen.Select(s => s.Silo))}"),
        };
    }
}
