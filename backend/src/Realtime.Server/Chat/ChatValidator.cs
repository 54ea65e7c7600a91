using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Chat;

/// <summary>Checks chat commands at the edge, naming every field that breaks a rule.</summary>
public sealed class ChatValidator(IOptions<ChatOptions> options)
{
    private const int MaxMetadataKeyLength = 64;
    private const int MaxEmojiBytes = 32;
    private const int MaxUnreadRooms = 1_000;
    public const int MaxUserIdLength = 256;
    public const int MaxBanReasonLength = 256;
    private const int MaxAllowedDomains = 50;
    private static readonly TimeSpan MaxMute = TimeSpan.FromDays(30);
    private static readonly TimeSpan MaxSlowMode = TimeSpan.FromHours(1);
    /// <summary>The longest ban that lifts itself (a ban without a duration lasts until lifted).</summary>
    public static readonly TimeSpan MaxBan = TimeSpan.FromDays(366);

    public void Join(JoinRoom? join)
    {
        var violations = new List<Violation>();
        if (join is null)
        {
            CommandException.ThrowIfAny([new Violation("join", "is required")]);
            return;
        }
        RoomId(violations, "join.room_id", join.RoomId);
        if (join.ResumeFrom is { } resume)
        {
            if (string.IsNullOrEmpty(resume.Epoch))
            {
                violations.Add(new Violation("join.resume_from.epoch", "is required when resuming"));
            }
            if (resume.Offset < 0)
            {
                violations.Add(new Violation("join.resume_from.offset", "must not be negative"));
            }
        }
        CommandException.ThrowIfAny(violations);
    }

    public void Room(string field, string roomId)
    {
        var violations = new List<Violation>();
        RoomId(violations, field, roomId);
        CommandException.ThrowIfAny(violations);
    }

    public void Send(SendMessage? send)
    {
        if (send is null)
        {
            CommandException.ThrowIfAny([new Violation("send", "is required")]);
            return;
        }
        var limits = options.Value;
        var violations = new List<Violation>();
        RoomId(violations, "send.room_id", send.RoomId);
        if (string.IsNullOrEmpty(send.ClientMessageId) || send.ClientMessageId.Length > limits.MaxClientMessageIdLength)
        {
            violations.Add(new Violation("send.client_message_id", $"must be 1-{limits.MaxClientMessageIdLength} characters"));
        }
        if (string.IsNullOrWhiteSpace(send.Content))
        {
            violations.Add(new Violation("send.content", "must not be empty"));
        }
        Typed(violations, send, limits);
        Addressed(violations, send, limits);
        CommandException.ThrowIfAny(violations);
        if (Encoding.UTF8.GetByteCount(send.Content) > limits.MaxContentBytes)
        {
            throw new CommandException(StatusCode.ResourceExhausted, $"send.content: larger than {limits.MaxContentBytes} bytes",
                [new Violation("send.content", $"must be at most {limits.MaxContentBytes} UTF-8 bytes")]);
        }
    }

    /// <summary>A typed message's kind and metadata: names from a small alphabet, bounded in count and size.</summary>
    private static void Typed(List<Violation> violations, SendMessage send, ChatOptions limits)
    {
        if (send.Kind.Length > limits.MaxKindLength || !send.Kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
        {
            violations.Add(new Violation("send.kind", $"must be at most {limits.MaxKindLength} characters: a-z, 0-9, '.', '_', '-'"));
        }
        if (send.Metadata.Count == 0)
        {
            return;
        }
        if (send.Kind.Length == 0)
        {
            violations.Add(new Violation("send.metadata", "needs a kind: metadata belongs to typed messages"));
        }
        if (send.Metadata.Count > limits.MaxMetadataEntries)
        {
            violations.Add(new Violation("send.metadata", $"must have at most {limits.MaxMetadataEntries} entries"));
        }
        if (send.Metadata.Keys.Any(key => key.Length is 0 or > MaxMetadataKeyLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            violations.Add(new Violation("send.metadata", $"keys must be 1-{MaxMetadataKeyLength} characters: letters, digits, '.', '_', '-'"));
        }
        if (send.Metadata.Sum(entry => Encoding.UTF8.GetByteCount(entry.Key) + Encoding.UTF8.GetByteCount(entry.Value)) > limits.MaxMetadataBytes)
        {
            violations.Add(new Violation("send.metadata", $"keys and values must be at most {limits.MaxMetadataBytes} UTF-8 bytes together"));
        }
    }

    /// <summary>A reply's thread and the users a message mentions.</summary>
    private static void Addressed(List<Violation> violations, SendMessage send, ChatOptions limits)
    {
        if (send.ThreadOffset < 0)
        {
            violations.Add(new Violation("send.thread_offset", "must be a message's offset, or 0 for no thread"));
        }
        if (send.Mentions.Any(user => user.Length is 0 or > MaxUserIdLength || user.Any(char.IsControl)))
        {
            violations.Add(new Violation("send.mentions", $"user ids must be 1-{MaxUserIdLength} characters, no control characters"));
        }
        else if (MessageMentions.Of(send).Length > limits.MaxMentions)
        {
            violations.Add(new Violation("send.mentions", $"at most {limits.MaxMentions} users in all, named and @-mentioned in content"));
        }
    }

    public (string RoomId, ChatChange Change) Edit(EditMessage? edit)
    {
        if (edit is null)
        {
            CommandException.ThrowIfAny([new Violation("edit", "is required")]);
            return default;
        }
        var violations = new List<Violation>();
        Change(violations, "edit", edit.RoomId, edit.MessageOffset, edit.ClientChangeId);
        if (string.IsNullOrWhiteSpace(edit.Content))
        {
            violations.Add(new Violation("edit.content", "must not be empty; delete the message instead"));
        }
        CommandException.ThrowIfAny(violations);
        var maxBytes = options.Value.MaxContentBytes;
        if (Encoding.UTF8.GetByteCount(edit.Content) > maxBytes)
        {
            throw new CommandException(StatusCode.ResourceExhausted, $"edit.content: larger than {maxBytes} bytes",
                [new Violation("edit.content", $"must be at most {maxBytes} UTF-8 bytes")]);
        }
        return (edit.RoomId, new ChatChange(edit.ClientChangeId, edit.MessageOffset, ChatChangeKind.Edit, edit.Content));
    }

    public (string RoomId, ChatChange Change) Delete(DeleteMessage? delete)
    {
        if (delete is null)
        {
            CommandException.ThrowIfAny([new Violation("delete", "is required")]);
            return default;
        }
        var violations = new List<Violation>();
        Change(violations, "delete", delete.RoomId, delete.MessageOffset, delete.ClientChangeId);
        CommandException.ThrowIfAny(violations);
        return (delete.RoomId, new ChatChange(delete.ClientChangeId, delete.MessageOffset, ChatChangeKind.Delete));
    }

    public (string RoomId, ChatChange Change) React(ReactToMessage? react)
    {
        if (react is null)
        {
            CommandException.ThrowIfAny([new Violation("react", "is required")]);
            return default;
        }
        var violations = new List<Violation>();
        Change(violations, "react", react.RoomId, react.MessageOffset, react.ClientChangeId);
        if (react.Emoji.Length == 0 || Encoding.UTF8.GetByteCount(react.Emoji) > MaxEmojiBytes || react.Emoji.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            violations.Add(new Violation("react.emoji", $"must be 1-{MaxEmojiBytes} UTF-8 bytes with no spaces or control characters"));
        }
        CommandException.ThrowIfAny(violations);
        var kind = react.Remove ? ChatChangeKind.RemoveReaction : ChatChangeKind.AddReaction;
        return (react.RoomId, new ChatChange(react.ClientChangeId, react.MessageOffset, kind, react.Emoji));
    }

    public (string RoomId, ChatChange Change) Pin(PinMessage? pin)
    {
        if (pin is null)
        {
            CommandException.ThrowIfAny([new Violation("pin", "is required")]);
            return default;
        }
        var violations = new List<Violation>();
        Change(violations, "pin", pin.RoomId, pin.MessageOffset, pin.ClientChangeId);
        CommandException.ThrowIfAny(violations);
        return (pin.RoomId, new ChatChange(pin.ClientChangeId, pin.MessageOffset, pin.Unpin ? ChatChangeKind.Unpin : ChatChangeKind.Pin));
    }

    /// <summary>What every change names: its room, the message's offset and its own client id.</summary>
    private void Change(List<Violation> violations, string command, string roomId, long messageOffset, string clientChangeId)
    {
        RoomId(violations, $"{command}.room_id", roomId);
        MessageOffset(violations, $"{command}.message_offset", messageOffset);
        var maxLength = options.Value.MaxClientMessageIdLength;
        if (clientChangeId.Length is 0 || clientChangeId.Length > maxLength)
        {
            violations.Add(new Violation($"{command}.client_change_id", $"must be 1-{maxLength} characters"));
        }
    }

    public void MarkRead(MarkReadRequest request)
    {
        var violations = new List<Violation>();
        RoomId(violations, "room_id", request.RoomId);
        if (request.Offset < 0)
        {
            violations.Add(new Violation("offset", "must not be negative"));
        }
        CommandException.ThrowIfAny(violations);
    }

    public void Notifications(ListNotificationsRequest request)
    {
        if (request.BeforeOffset < 0)
        {
            throw CommandException.Invalid([new Violation("before_offset", "must not be negative")]);
        }
    }

    public void NotificationsSeen(MarkNotificationsSeenRequest request)
    {
        if (request.Offset < 0)
        {
            throw CommandException.Invalid([new Violation("offset", "must not be negative")]);
        }
    }

    public void UnreadCounts(GetUnreadCountsRequest request)
    {
        var violations = new List<Violation>();
        if (request.RoomIds.Count is 0 or > MaxUnreadRooms)
        {
            violations.Add(new Violation("room_ids", $"must name 1-{MaxUnreadRooms} rooms"));
        }
        if (request.RoomIds.Distinct(StringComparer.Ordinal).Count() != request.RoomIds.Count)
        {
            violations.Add(new Violation("room_ids", "must not name a room twice"));
        }
        for (var i = 0; i < request.RoomIds.Count; i++)
        {
            RoomId(violations, $"room_ids[{i}]", request.RoomIds[i]);
        }
        CommandException.ThrowIfAny(violations);
    }

    public RoomModeration Moderate(ModerateRoomRequest request)
    {
        var violations = new List<Violation>();
        RoomId(violations, "room_id", request.RoomId);
        RoomModeration? moderation = null;
        switch (request.ActionCase)
        {
            case ModerateRoomRequest.ActionOneofCase.Mute:
                if (request.Mute.UserId.Length is 0 or > MaxUserIdLength)
                {
                    violations.Add(new Violation("mute.user_id", $"must be 1-{MaxUserIdLength} characters"));
                }
                moderation = new RoomModeration(RoomModerationKind.Mute, Within(violations, "mute.duration", request.Mute.Duration, MaxMute), request.Mute.UserId);
                break;
            case ModerateRoomRequest.ActionOneofCase.SlowMode:
                moderation = new RoomModeration(RoomModerationKind.SlowMode, Within(violations, "slow_mode.interval", request.SlowMode.Interval, MaxSlowMode));
                break;
            case ModerateRoomRequest.ActionOneofCase.Ban:
                if (request.Ban.UserId.Length is 0 or > MaxUserIdLength)
                {
                    violations.Add(new Violation("ban.user_id", $"must be 1-{MaxUserIdLength} characters"));
                }
                if (request.Ban.Reason.Length > MaxBanReasonLength)
                {
                    violations.Add(new Violation("ban.reason", $"must be at most {MaxBanReasonLength} characters"));
                }
                var kind = request.Ban.Lift ? RoomModerationKind.LiftBan : RoomModerationKind.Ban;
                moderation = new RoomModeration(kind, Within(violations, "ban.duration", request.Ban.Duration, MaxBan), request.Ban.UserId, request.Ban.Reason);
                break;
            case ModerateRoomRequest.ActionOneofCase.ReadReceipts:
                moderation = new RoomModeration(RoomModerationKind.ReadReceipts, TimeSpan.Zero, Enabled: request.ReadReceipts.Enabled);
                break;
            case ModerateRoomRequest.ActionOneofCase.Links:
                moderation = new RoomModeration(RoomModerationKind.Links, TimeSpan.Zero, Links: LinkRule(violations, request.Links));
                break;
            default:
                violations.Add(new Violation("action", "is required: mute, ban, slow_mode, read_receipts or links"));
                break;
        }
        CommandException.ThrowIfAny(violations);
        return moderation!;
    }

    /// <summary>A link rule: a policy, and for an allowlist 1-50 host names (lower-cased here), each a dotted run of letters, digits and hyphens.</summary>
    private static RoomLinkRule LinkRule(List<Violation> violations, LinkRules links)
    {
        var policy = ModerationFrames.FromWire(links.Policy);
        if (policy is null)
        {
            violations.Add(new Violation("links.policy", "must be ALLOWED, BLOCKED or ALLOWLIST"));
        }
        if (policy == RoomLinkPolicy.Allowlist && links.AllowedDomains.Count is 0 or > MaxAllowedDomains)
        {
            violations.Add(new Violation("links.allowed_domains", $"must name 1-{MaxAllowedDomains} domains for ALLOWLIST"));
        }
        if (policy != RoomLinkPolicy.Allowlist && links.AllowedDomains.Count > 0)
        {
            violations.Add(new Violation("links.allowed_domains", "must be empty unless the policy is ALLOWLIST"));
        }
        var domains = links.AllowedDomains.Select(domain => domain.ToLowerInvariant()).ToArray();
        for (var i = 0; i < domains.Length && i < MaxAllowedDomains; i++)
        {
            if (!IsHostName(domains[i]))
            {
                violations.Add(new Violation($"links.allowed_domains[{i}]", "must be a host name such as example.com"));
            }
        }
        return new RoomLinkRule(policy ?? RoomLinkPolicy.Allowed, domains);
    }

    private static bool IsHostName(string domain) =>
        domain.Length is > 0 and <= 253 && domain.Split('.').All(label => label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsLetterOrDigit(c) || c == '-'));

    /// <summary>A duration from zero (absent) to <paramref name="max"/>.</summary>
    private static TimeSpan Within(List<Violation> violations, string field, Google.Protobuf.WellKnownTypes.Duration? duration, TimeSpan max)
    {
        var value = duration?.ToTimeSpan() ?? TimeSpan.Zero;
        if (value < TimeSpan.Zero || value > max)
        {
            violations.Add(new Violation(field, $"must be between 0 and {max}"));
        }
        return value;
    }

    public void Thread(ListThreadRepliesRequest request)
    {
        var violations = new List<Violation>();
        RoomId(violations, "room_id", request.RoomId);
        MessageOffset(violations, "thread_offset", request.ThreadOffset);
        CommandException.ThrowIfAny(violations);
    }

    public void Versions(ListMessageVersionsRequest request)
    {
        var violations = new List<Violation>();
        RoomId(violations, "room_id", request.RoomId);
        MessageOffset(violations, "message_offset", request.MessageOffset);
        CommandException.ThrowIfAny(violations);
    }

    private static void MessageOffset(List<Violation> violations, string field, long offset)
    {
        if (offset < 1)
        {
            violations.Add(new Violation(field, "must be a message's offset (1 or more)"));
        }
    }

    public void Typing(SetTyping? typing)
    {
        if (typing is null)
        {
            CommandException.ThrowIfAny([new Violation("typing", "is required")]);
            return;
        }
        Room("typing.room_id", typing.RoomId);
    }

    public void Create(CreateRoomRequest request)
    {
        var violations = new List<Violation>();
        RoomId(violations, "room_id", request.RoomId);
        if (request.DisplayName.Length > options.Value.MaxDisplayNameLength)
        {
            violations.Add(new Violation("display_name", $"must be at most {options.Value.MaxDisplayNameLength} characters"));
        }
        CommandException.ThrowIfAny(violations);
    }

    private static void RoomId(List<Violation> violations, string field, string roomId)
    {
        if (!Identifiers.IsValid(roomId))
        {
            violations.Add(new Violation(field, Identifiers.Rule));
        }
    }
}
