namespace Realtime.Grains.Abstractions.Access;

/// <summary>What a caller may do in a topic; each role includes the ones below it (values match realtime.common.v1.AccessRole).</summary>
public enum AccessRole
{
    None = 0,

    /// <summary>Join a room read-only, open a document without editing, spectate a game.</summary>
    Reader = 1,

    /// <summary>Also post, edit and play.</summary>
    Writer = 2,

    /// <summary>Also change the topic's access.</summary>
    Owner = 3,
}
