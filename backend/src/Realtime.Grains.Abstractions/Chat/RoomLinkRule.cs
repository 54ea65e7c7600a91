namespace Realtime.Grains.Abstractions.Chat;

public enum RoomLinkPolicy
{
    Allowed = 0,
    Blocked = 1,
    Allowlist = 2,
}

/// <summary>Which links members may post in a room: any, none, or only to <see cref="AllowedDomains"/> (each with its subdomains).</summary>
[GenerateSerializer, Immutable]
public sealed record RoomLinkRule([property: Id(0)] RoomLinkPolicy Policy, [property: Id(1)] string[] AllowedDomains);
