using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Chat;

/// <summary>
/// The room's small persisted metadata. Messages live in the append-only log, not here, so a send
/// never rewrites this state.
/// </summary>
[GenerateSerializer]
public sealed class ChatRoomState
{
    [Id(0)] public string DisplayName { get; set; } = "";
    [Id(1)] public string CreatedBy { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public string Epoch { get; set; } = "";

    /// <summary>Everyone who has ever joined (a dropped connection does not end this), for the room's file rules.</summary>
    [Id(4)] public HashSet<string> Members { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Null for rooms stored before access policies: they are public and owned by their creator.</summary>
    [Id(5)] public TopicAccess? Access { get; set; }
}
