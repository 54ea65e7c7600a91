using System.ComponentModel.DataAnnotations;

namespace Realtime.Server.Cluster;

/// <summary>How silos find and call each other for operator actions and forwarded session commands, bound from "SiloRegistry".</summary>
public sealed class SiloRegistryOptions
{
    public const string SectionName = "SiloRegistry";

    /// <summary>How often each silo renews its registration (default 10 s); a registration lapses after three intervals.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan RegistrationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a call to another silo may take (default 5 s); a silo that does not answer is Unavailable (not reporting, in the overview).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
