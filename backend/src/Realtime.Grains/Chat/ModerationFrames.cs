using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using WireLinkPolicy = Realtime.Protos.Chat.V1.LinkPolicy;

namespace Realtime.Grains.Chat;

/// <summary>A room's link rule between the grains and the wire (the wire's policy keeps 0 for "not given").</summary>
public static class ModerationFrames
{
    public static WireLinkPolicy ToWire(RoomLinkPolicy policy) => policy switch
    {
        RoomLinkPolicy.Blocked => WireLinkPolicy.Blocked,
        RoomLinkPolicy.Allowlist => WireLinkPolicy.Allowlist,
        _ => WireLinkPolicy.Allowed,
    };

    /// <summary>A room's link rule as the moderation event and the call's answer carry it.</summary>
    public static LinkRules ToWire(RoomLinkRule rule)
    {
        var links = new LinkRules { Policy = ToWire(rule.Policy) };
        links.AllowedDomains.AddRange(rule.AllowedDomains);
        return links;
    }

    /// <summary>The policy a request names, or null when it names none (UNSPECIFIED or unknown).</summary>
    public static RoomLinkPolicy? FromWire(WireLinkPolicy policy) => policy switch
    {
        WireLinkPolicy.Allowed => RoomLinkPolicy.Allowed,
        WireLinkPolicy.Blocked => RoomLinkPolicy.Blocked,
        WireLinkPolicy.Allowlist => RoomLinkPolicy.Allowlist,
        _ => null,
    };
}
