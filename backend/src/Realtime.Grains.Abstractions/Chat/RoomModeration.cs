namespace Realtime.Grains.Abstractions.Chat;

public enum RoomModerationKind
{
    Mute = 1,
    SlowMode = 2,
    Ban = 3,
    LiftBan = 4,
    ReadReceipts = 5,
    Links = 6,
}

/// <summary>
/// A moderator's action: mute <see cref="UserId"/> for <see cref="Duration"/> (zero lifts it), slow mode at one
/// message per <see cref="Duration"/> (zero: off), ban <see cref="UserId"/> (for <see cref="Reason"/>; for <see cref="Duration"/>
/// when it is not zero) or lift the ban, or turn read receipts on or off (<see cref="Enabled"/>), or set the room's rule for
/// links (<see cref="Links"/>). With a <see cref="CommandId"/> a retry is applied once; <see cref="PostedBy"/> names the
/// server-API principal that acted.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RoomModeration(
    [property: Id(0)] RoomModerationKind Kind,
    [property: Id(1)] TimeSpan Duration,
    [property: Id(2)] string UserId = "",
    [property: Id(3)] string Reason = "",
    [property: Id(4)] bool Enabled = false,
    [property: Id(5)] RoomLinkRule? Links = null,
    [property: Id(6)] string CommandId = "",
    [property: Id(7)] string PostedBy = "");
