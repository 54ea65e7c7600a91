namespace Realtime.Grains.Abstractions.Chat;

/// <summary>A member's place in a room: read up to <see cref="ReadOffset"/> of <see cref="LastOffset"/>, with <see cref="Unread"/> messages of others after it in the main timeline, and <see cref="Mentions"/> messages of others after it (thread replies included) that mention the member.</summary>
[GenerateSerializer, Immutable]
public sealed record UnreadCount(
    [property: Id(0)] string Epoch,
    [property: Id(1)] long ReadOffset,
    [property: Id(2)] long LastOffset,
    [property: Id(3)] int Unread,
    [property: Id(4)] int Mentions);
