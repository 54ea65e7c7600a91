using Realtime.Grains.Abstractions.Chat;
using WireLinkPolicy = Realtime.Protos.Chat.V1.LinkPolicy;

namespace Realtime.Grains.Chat;

/// <summary>A room's link policy between the grains and the wire (the wire keeps 0 for "not given").</summary>
public static class ModerationFrames
{
    public static WireLinkPolicy ToWire(RoomLinkPolicy policy) => policy switch
    {
        RoomLinkPolicy.Blocked => WireLinkPolicy.Blocked,
        RoomLinkPolicy.Allowlist => WireLinkPolicy.Allowlist,
        _ => WireLinkPolicy.Allowed,
    };

    /// <summary>The policy a request names, or null when it names none (UNSPECIFIED or unknown).</summary>
    public static RoomLinkPolicy? FromWire(WireLinkPolicy policy) => policy switch
    {
        WireLinkPolicy.Allowed => RoomLinkPolicy.Allowed,
        WireLinkPolicy.Blocked => RoomLinkPolicy.Blocked,
        WireLinkPolicy.Allowlist => RoomLinkPolicy.Allowlist,
        _ => null,
    };
}
