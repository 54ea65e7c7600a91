using Google.Protobuf.WellKnownTypes;
using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    /// <summary>Mutes <paramref name="userId"/> in a room for <paramref name="duration"/> (zero lifts the mute); the room's owner or a moderator.</summary>
    public Task<RoomModerated> MuteAsync(string roomId, string userId, TimeSpan duration, CancellationToken cancellationToken = default) =>
        ModerateAsync(new ModerateRoomRequest { RoomId = roomId, Mute = new MuteMember { UserId = userId, Duration = Duration.FromTimeSpan(duration) } }, cancellationToken);

    /// <summary>Slow mode: one message per member per <paramref name="interval"/> (zero turns it off); the room's owner or a moderator.</summary>
    public Task<RoomModerated> SetSlowModeAsync(string roomId, TimeSpan interval, CancellationToken cancellationToken = default) =>
        ModerateAsync(new ModerateRoomRequest { RoomId = roomId, SlowMode = new SlowMode { Interval = Duration.FromTimeSpan(interval) } }, cancellationToken);

    /// <summary>Read receipts on or off: with them on, members see where the others have read up to; the room's owner or a moderator.</summary>
    public Task<RoomModerated> SetReadReceiptsAsync(string roomId, bool enabled, CancellationToken cancellationToken = default) =>
        ModerateAsync(new ModerateRoomRequest { RoomId = roomId, ReadReceipts = new ReadReceipts { Enabled = enabled } }, cancellationToken);

    /// <summary>
    /// Which links members may post: any, none, or only to <paramref name="allowedDomains"/> and their subdomains (the owner and
    /// moderators are exempt); a send or edit with a forbidden link is refused InvalidArgument on its content. The room's owner or a moderator.
    /// </summary>
    public Task<RoomModerated> SetLinkRulesAsync(string roomId, LinkPolicy policy, IEnumerable<string>? allowedDomains = null, CancellationToken cancellationToken = default)
    {
        var links = new LinkRules { Policy = policy };
        links.AllowedDomains.AddRange(allowedDomains ?? []);
        return ModerateAsync(new ModerateRoomRequest { RoomId = roomId, Links = links }, cancellationToken);
    }

    /// <summary>
    /// Bans <paramref name="userId"/> from a room (the room's owner or a moderator): their streams leave it with PermissionDenied, and
    /// joining, posting and reading are refused until <see cref="UnbanAsync"/>.
    /// </summary>
    public Task<RoomModerated> BanAsync(string roomId, string userId, string reason = "", CancellationToken cancellationToken = default) =>
        ModerateAsync(new ModerateRoomRequest { RoomId = roomId, Ban = new BanMember { UserId = userId, Reason = reason } }, cancellationToken);

    /// <summary>Lifts a ban: the room's public role applies to <paramref name="userId"/> again.</summary>
    public Task<RoomModerated> UnbanAsync(string roomId, string userId, CancellationToken cancellationToken = default) =>
        ModerateAsync(new ModerateRoomRequest { RoomId = roomId, Ban = new BanMember { UserId = userId, Lift = true } }, cancellationToken);

    private async Task<RoomModerated> ModerateAsync(ModerateRoomRequest request, CancellationToken cancellationToken) =>
        (await _api.ModerateRoomAsync(request, await CallOptionsAsync(cancellationToken))).Moderated;
}
