namespace Realtime.Grains.Abstractions.Chat;

/// <summary>Where a member has read up to (and including) in a room: a read receipt.</summary>
[GenerateSerializer, Immutable]
public sealed record MemberReadPosition([property: Id(0)] string UserId, [property: Id(1)] long Offset);
