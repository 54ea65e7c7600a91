using System.ComponentModel.DataAnnotations;

namespace Realtime.Grains.Directory;

/// <summary>How topics come to exist, bound from the "Topics" section and validated at start-up.</summary>
public sealed class TopicCreationOptions
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
}
