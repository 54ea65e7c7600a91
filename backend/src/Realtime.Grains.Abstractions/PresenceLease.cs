namespace Realtime.Grains.Abstractions;

/// <summary>One stream's claim that its user is present in a topic, with how the user is shown to others when the application said.</summary>
[GenerateSerializer, Immutable]
public sealed record PresenceLease([property: Id(0)] string ConnectionId, [property: Id(1)] string UserId, [property: Id(2)] MemberProfile? Profile = null);
