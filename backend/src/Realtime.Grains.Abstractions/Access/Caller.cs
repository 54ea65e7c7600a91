namespace Realtime.Grains.Abstractions.Access;

/// <summary>Who is calling a topic grain, as the validated token says: its subject and whether it carries the admin role.</summary>
[GenerateSerializer, Immutable]
public sealed record Caller([property: Id(0)] string UserId, [property: Id(1)] bool IsAdmin);
