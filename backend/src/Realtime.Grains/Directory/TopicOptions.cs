using System.ComponentModel.DataAnnotations;

namespace Realtime.Grains.Directory;

/// <summary>How topics come to exist and when an idle one leaves memory, bound from the "Topics" section and validated at start-up.</summary>
public sealed class TopicOptions
{
    public const string SectionName = "Topics";

    /// <summary>
    /// Whether joining a room or opening a document that does not exist creates it (default true). Off,
    /// only CreateRoom/CreateDocument create, and a join of an unknown topic gets NotFound.
    /// </summary>
    public bool CreateOnJoin { get; set; } = true;

    /// <summary>Topics one user may create by joining per <see cref="JoinCreationPeriod"/> on one silo (default 60); more get ResourceExhausted.</summary>
    [Range(1, 1_000_000)]
    public int JoinCreationLimit { get; set; } = 60;

    /// <summary>The period over which <see cref="JoinCreationLimit"/> refills (default one minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan JoinCreationPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a room, document or game stays in memory with no call and nobody present (default ten
    /// minutes; a member's stream renews its presence, so an occupied topic never goes idle). Orleans
    /// looks for idle activations once a minute, so one leaves up to a minute after this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdleDeactivationAfter { get; set; } = TimeSpan.FromMinutes(10);
}
