using System.ComponentModel.DataAnnotations;

namespace Realtime.Server.Admin;

/// <summary>The operator surface, bound from the "Admin" section.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>The role a token needs for AdminService (default "admin").</summary>
    public const string Role = "admin";

    /// <summary>How often each silo renews its control registration (default 10 s); a registration lapses after three intervals.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:10:00")]
    public TimeSpan RegistrationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an admin call waits for one silo to answer (default 5 s); a silo that does not is reported as not reporting.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:01:00")]
    public TimeSpan SiloCallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
