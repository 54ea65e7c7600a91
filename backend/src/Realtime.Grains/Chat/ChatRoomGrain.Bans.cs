using Microsoft.Extensions.Logging;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;

namespace Realtime.Grains.Chat;

/// <summary>
/// Bans that lift themselves: the end of each is kept in the room's state, and the room lifts an ended ban as a
/// moderation event of its own (no moderator, reason "expired"), from a timer while it is active and first thing
/// on activation otherwise, so the banned user's next join, which activates the room, finds the ban gone.
/// </summary>
public sealed partial class ChatRoomGrain
{
    /// <summary>Timers fire within about 24 days at most; a longer ban is looked at again then.</summary>
    private static readonly TimeSpan LongestTimerWait = TimeSpan.FromDays(1);

    private IGrainTimer? _banExpiry;

    /// <summary>
    /// Records when <paramref name="moderation"/>'s ban ends, or forgets the end of a ban it lifts or makes lasting;
    /// true when the ban it sets ends by itself.
    /// </summary>
    private bool BanEnds(RoomModeration moderation, DateTimeOffset now)
    {
        var ends = moderation.Kind == RoomModerationKind.Ban && moderation.Duration > TimeSpan.Zero;
        if (ends)
        {
            state.State.BannedUntil[moderation.UserId] = now + moderation.Duration;
            ScheduleBanExpiry();
        }
        else
        {
            state.State.BannedUntil.Remove(moderation.UserId);
        }
        return ends;
    }

    /// <summary>How long a lifting that failed (storage away) waits before it is tried again.</summary>
    private static readonly TimeSpan LiftRetry = TimeSpan.FromSeconds(5);

    /// <summary>Never throws: on activation a failure must not keep the room from activating; it is tried again later.</summary>
    private async Task LiftExpiredBansAsync()
    {
        var now = time.GetUtcNow();
        var expired = state.State.BannedUntil.Where(ban => ban.Value <= now).Select(ban => ban.Key).Order(StringComparer.Ordinal).ToArray();
        try
        {
            foreach (var userId in expired)
            {
                await ModerateAsync(new Caller("", IsAdmin: true), new RoomModeration(RoomModerationKind.LiftBan, TimeSpan.Zero, userId, "expired"));
            }
            ScheduleBanExpiry();
        }
        catch (Exception failure)
        {
            LogLiftFailed(failure, RoomId);
            ScheduleBanExpiry(LiftRetry);
        }
    }

    private void ScheduleBanExpiry(TimeSpan? after = null)
    {
        _banExpiry?.Dispose();
        _banExpiry = null;
        if (state.State.BannedUntil.Count == 0)
        {
            return;
        }
        var wait = after ?? state.State.BannedUntil.Values.Min() - time.GetUtcNow();
        var due = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > LongestTimerWait ? LongestTimerWait : wait;
        _banExpiry = this.RegisterGrainTimer(_ => LiftExpiredBansAsync(), new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Room {RoomId} could not lift a ban that ended; trying again shortly")]
    private partial void LogLiftFailed(Exception failure, string roomId);
}
