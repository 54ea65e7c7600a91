namespace Realtime.Grains.Abstractions.Access;

/// <summary>What a caller may do in a topic; each role includes the ones below it (stored as these values; the wire's realtime.common.v1.AccessRole numbers them differently, see Server/Access/AccessPolicies).</summary>
public enum AccessRole
{
    None = 0,

    /// <summary>Join a room read-only, open a document without editing, spectate a game.</summary>
    Reader = 1,

    /// <summary>Also post, edit and play.</summary>
    Writer = 2,

    /// <summary>In a chat room also delete others' messages, mute, ban and set slow mode; elsewhere the same as <see cref="Writer"/>.</summary>
    Moderator = 3,

    /// <summary>Also change the topic's access; the owner and admins.</summary>
    Owner = 4,
}
