namespace Realtime.Grains.Abstractions.Access;

/// <summary>
/// Who is calling a topic grain, as the validated token says: its subject and whether it carries the admin role.
/// <see cref="AdmittedRole"/> is set by the edge on a stream's commands to a topic that a join callout let the user into
/// (docs/ARCHITECTURE.md, "Join callouts"); it never comes from a client.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Caller([property: Id(0)] string UserId, [property: Id(1)] bool IsAdmin, [property: Id(2)] AccessRole? AdmittedRole = null);
