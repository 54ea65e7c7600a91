using System.ComponentModel.DataAnnotations;

namespace Realtime.Server.Health;

/// <summary>How often dependencies are checked, bound from the "Health" section.</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>
    /// How often the dependency checks (Redis, membership, background loops) run and readiness is
    /// republished (default 2 s, at least 1 s): a silo whose Redis goes away turns NOT_SERVING within about this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one dependency check may take before it counts as failed (default 2 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
