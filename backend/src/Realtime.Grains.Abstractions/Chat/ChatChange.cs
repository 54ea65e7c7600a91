namespace Realtime.Grains.Abstractions.Chat;

public enum ChatChangeKind
{
    Edit = 1,
    Delete = 2,
    AddReaction = 3,
    RemoveReaction = 4,
    Pin = 5,
    Unpin = 6,
}

/// <summary>
/// A change a member wants made to the stored message at <see cref="MessageOffset"/>: its client id (for
/// idempotency, unique per sender among its sends and changes) and, for an edit the new content, for a
/// reaction its emoji.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChatChange(
    [property: Id(0)] string ClientChangeId,
    [property: Id(1)] long MessageOffset,
    [property: Id(2)] ChatChangeKind Kind,
    [property: Id(3)] string Value = "");
