namespace Realtime.Grains.Abstractions;

/// <summary>One stream's claim that its user is present in a topic.</summary>
[GenerateSerializer, Immutable]
public sealed record PresenceLease([property: Id(0)] string ConnectionId, [property: Id(1)] string UserId);
