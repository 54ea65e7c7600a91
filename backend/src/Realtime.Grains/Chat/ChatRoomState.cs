using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Access;

namespace Realtime.Grains.Chat;

/// <summary>
/// The room's small persisted metadata. Messages live in the append-only log, not here, so a send
/// never rewrites this state.
/// </summary>
[GenerateSerializer]
public sealed class ChatRoomState : IAccessState
{
    [Id(0)] public string DisplayName { get; set; } = "";
    [Id(1)] public string CreatedBy { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public string Epoch { get; set; } = "";

    /// <summary>Everyone who has ever joined (a dropped connection does not end this), for the room's file rules.</summary>
    [Id(4)] public HashSet<string> Members { get; set; } = new(StringComparer.Ordinal);

    [Id(5)] public TopicAccess? Access { get; set; }

    /// <summary>Each member's read position (an offset of this epoch), moved only forward; starts where the member first joined.</summary>
    [Id(6)] public Dictionary<string, long> ReadOffsets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Muted members and when each mute ends.</summary>
    [Id(7)] public Dictionary<string, DateTimeOffset> MutedUntil { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Slow mode: one message per member per this interval; zero is off.</summary>
    [Id(8)] public TimeSpan SlowModeInterval { get; set; }

    /// <summary>Members see where the others have read up to.</summary>
    [Id(9)] public bool ReadReceipts { get; set; }

    /// <summary>Which links members may post; null allows any.</summary>
    [Id(10)] public RoomLinkRule? Links { get; set; }

    /// <summary>Bans that lift themselves, and when each ends.</summary>
    [Id(11)] public Dictionary<string, DateTimeOffset> BannedUntil { get; set; } = new(StringComparer.Ordinal);
}
