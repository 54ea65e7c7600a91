using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Commands;
using Realtime.Grains.Log;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Chat;

/// <summary>
/// Mutes, bans, slow mode, read receipts and link rules: set by the room's owner or a moderator, in force (stored)
/// before they are announced, and each an event on the room's log, so members see them in order with everything else
/// and the log is their audit trail. A ban is a grant of no access in the room's policy, so every check that reads the
/// policy keeps the user out. Only the owner (or an admin) acts on a moderator, and nobody on the owner.
/// </summary>
public sealed partial class ChatRoomGrain
{
    /// <summary>When each member last sent, for slow mode: this activation's (a new one starts everyone afresh).</summary>
    private readonly Dictionary<string, DateTimeOffset> _lastSends = new(StringComparer.Ordinal);

    public async Task<ChatSendResult> ModerateAsync(Caller caller, RoomModeration moderation)
    {
        DemandRoom();
        Access.Demand(caller, AccessRole.Moderator, $"moderate room '{RoomId}'");
        if (moderation.CommandId.Length > 0 && _recentSends.TryGet(caller.UserId, moderation.CommandId, out var storedOffset))
        {
            return await DuplicateResultAsync(storedOffset);
        }
        DemandMayModerate(caller, moderation);
        var now = time.GetUtcNow();
        var moderated = new RoomModerated
        {
            RoomId = RoomId,
            Epoch = state.State.Epoch,
            ModeratorId = caller.UserId,
            Time = Timestamp.FromDateTimeOffset(now),
            PostedBy = moderation.PostedBy,
        };
        var duration = Duration.FromTimeSpan(moderation.Duration);
        if (moderation.Kind == RoomModerationKind.Mute)
        {
            if (moderation.Duration > TimeSpan.Zero)
            {
                state.State.MutedUntil[moderation.UserId] = now + moderation.Duration;
            }
            else
            {
                state.State.MutedUntil.Remove(moderation.UserId);
            }
            moderated.Mute = new MuteMember { UserId = moderation.UserId, Duration = duration };
        }
        else if (moderation.Kind == RoomModerationKind.SlowMode)
        {
            state.State.SlowModeInterval = moderation.Duration;
            moderated.SlowMode = new SlowMode { Interval = duration };
        }
        else if (moderation.Kind == RoomModerationKind.ReadReceipts)
        {
            state.State.ReadReceipts = moderation.Enabled;
            moderated.ReadReceipts = new ReadReceipts { Enabled = moderation.Enabled };
        }
        else if (moderation.Kind == RoomModerationKind.Links)
        {
            var rule = moderation.Links!;
            state.State.Links = rule.Policy == RoomLinkPolicy.Allowed ? null : rule;
            moderated.Links = ModerationFrames.ToWire(rule);
        }
        else
        {
            state.State.Access = WithBan(moderation);
            moderated.Ban = new BanMember { UserId = moderation.UserId, Reason = moderation.Reason, Lift = moderation.Kind == RoomModerationKind.LiftBan };
            if (BanEnds(moderation, now))
            {
                moderated.Ban.Duration = duration;
            }
        }
        await state.WriteStateAsync();
        if (moderated.Ban is not null || moderated.ReadReceipts is not null)
        {
            await PutListingAsync();
        }
        moderated.Offset = _commits!.NextOffset;
        var frame = new ChatServerFrame { Moderated = moderated }.ToByteArray();
        var commandId = moderation.CommandId.Length > 0 ? IdempotencyWindow.CommandId(caller.UserId, moderation.CommandId) : null;
        await _commits.AppendAsync(new LogEntry(moderated.Offset, now, frame, commandId), Retention, () =>
        {
            if (commandId is not null)
            {
                _recentSends.Remember(caller.UserId, moderation.CommandId, moderated.Offset);
            }
            _index?.Append(moderated.Offset, null);
            _ = PublishAsync(moderated.Offset, frame);
        });
        return new ChatSendResult { Epoch = moderated.Epoch, Offset = moderated.Offset, SentAt = now, Duplicate = false };
    }

    /// <summary>Refuses a mute or ban of the owner, and one of a moderator by anyone but the owner or an admin.</summary>
    private void DemandMayModerate(Caller caller, RoomModeration moderation)
    {
        if (moderation.Kind is RoomModerationKind.SlowMode or RoomModerationKind.ReadReceipts or RoomModerationKind.Links)
        {
            return;
        }
        var userId = moderation.UserId;
        var field = moderation.Kind == RoomModerationKind.Mute ? "mute.user_id" : "ban.user_id";
        if (string.Equals(userId, Access.OwnerId, StringComparison.Ordinal))
        {
            throw new TopicException(TopicErrorKind.Invalid, $"'{userId}' owns room '{RoomId}' and cannot be muted or banned in it.", field);
        }
        if (Access.Members.GetValueOrDefault(userId) == AccessRole.Moderator && Access.RoleOf(caller) < AccessRole.Owner)
        {
            throw new TopicException(TopicErrorKind.Denied, $"'{caller.UserId}' may not moderate '{userId}', a moderator of room '{RoomId}': only its owner may.");
        }
    }

    /// <summary>
    /// The room's policy with <see cref="RoomModeration.UserId"/> banned (a grant of no access, which outranks the
    /// public role) or with that ban lifted (the grant goes; a grant other than a ban is left as it is).
    /// </summary>
    private TopicAccess WithBan(RoomModeration moderation)
    {
        var userId = moderation.UserId;
        if (moderation.Kind == RoomModerationKind.Ban)
        {
            return Access.WithGrant(userId, AccessRole.None);
        }
        return Access.Members.TryGetValue(userId, out var role) && role == AccessRole.None ? Access.WithGrant(userId, null) : Access;
    }

    /// <summary>
    /// Refuses what a muted member posts (sends, edits, reactions), <paramref name="content"/> (a send's or an edit's) with a
    /// link the room's rule forbids, and in slow mode a member's send that comes before its interval is over (the owner and
    /// moderators are exempt from links and slow mode); a send let through starts the member's interval.
    /// </summary>
    private void DemandMayPost(Caller caller, DateTimeOffset now, bool isSend, string? content)
    {
        var userId = caller.UserId;
        if (state.State.MutedUntil.TryGetValue(userId, out var until) && until > now)
        {
            throw new TopicException(TopicErrorKind.Denied, $"'{userId}' is muted in room '{RoomId}' until {until:u}.");
        }
        if (state.State.Links is { } links && content is not null && Access.RoleOf(caller) < AccessRole.Moderator
            && ForbiddenLinks.First(links, content) is { } forbidden)
        {
            var allowed = links.Policy == RoomLinkPolicy.Allowlist ? $"only links to {string.Join(", ", links.AllowedDomains)} are" : "no links are";
            throw new TopicException(TopicErrorKind.Invalid, $"'{forbidden}': {allowed} allowed in room '{RoomId}'.", "content");
        }
        var interval = state.State.SlowModeInterval;
        if (!isSend || interval <= TimeSpan.Zero || Access.RoleOf(caller) >= AccessRole.Moderator)
        {
            return;
        }
        if (_lastSends.TryGetValue(userId, out var last) && now - last < interval)
        {
            throw new TopicException(TopicErrorKind.RateLimited, $"Room '{RoomId}' is in slow mode: one message per {interval.TotalSeconds:0.#} s.")
            {
                RetryAfter = last + interval - now,
            };
        }
        _lastSends[userId] = now;
    }
}
