using Realtime.Protos.Chat.V1;

namespace Realtime.Cli;

/// <summary>How the terminal prints a message (numbered #offset, so commands can name it) and a change to one.</summary>
public static class MessageLines
{
    /// <summary>One line: a reply names its thread (↳ #root), a root counts its replies, a message that mentions <paramref name="viewer"/> is marked.</summary>
    public static string Describe(ChatMessage message, string viewer)
    {
        var reply = message.ThreadOffset > 0 ? $" ↳ #{message.ThreadOffset}" : "";
        var mark = (message.Mentions.Contains(viewer) ? "@ " : "") + (message.Pinned ? "📌 " : "");
        var head = $"{mark}[{message.SentAt.ToDateTime():HH:mm:ss}] #{message.Offset}{reply} {Author(message.SenderId, message.PostedBy)}";
        if (message.Deleted)
        {
            return $"{head}: [deleted]{Thread(message)}";
        }
        var body = message switch
        {
            { Attachment: { } file } => $"{head} shared {file.FileName} ({file.Size} bytes, {file.ContentType}) — /save {file.AttachmentId} PATH",
            { Kind.Length: > 0 } => $"{head} [{message.Kind}]: {message.Content}{Metadata(message)}",
            _ => $"{head}: {message.Content}",
        };
        var edited = message.EditedAt is null ? "" : " (edited)";
        var reactions = string.Concat(message.Reactions.Select(r => $" {r.Emoji}{r.Count}{(r.Mine ? "*" : "")}"));
        return body + edited + reactions + Thread(message);
    }

    /// <summary>A root's replies as history lists them: live replies print as their own lines.</summary>
    private static string Thread(ChatMessage message) =>
        message is { ThreadOffset: 0, Thread: { ReplyCount: > 0 } thread }
            ? $" [{thread.ReplyCount} {(thread.ReplyCount == 1 ? "reply" : "replies")} from {string.Join(", ", thread.ParticipantIds)}: /thread #{message.Offset}]"
            : "";

    public static string Describe(MessageChanged change) => change.ChangeCase switch
    {
        MessageChanged.ChangeOneofCase.Edited => $"* {change.ActorId} edited #{change.MessageOffset}: {change.Edited.Content}",
        MessageChanged.ChangeOneofCase.Deleted =>
            $"* {change.ActorId}{(change.Deleted.ByModerator ? " (moderator)" : "")} deleted #{change.MessageOffset}{(change.Deleted.ThreadOffset > 0 ? $" in thread #{change.Deleted.ThreadOffset}" : "")}",
        MessageChanged.ChangeOneofCase.Pinned => $"* {change.ActorId} {(change.Pinned.Pinned ? "pinned" : "unpinned")} #{change.MessageOffset}",
        MessageChanged.ChangeOneofCase.Reaction when change.Reaction.Added =>
            $"* {change.ActorId} reacted {change.Reaction.Emoji} to #{change.MessageOffset} ({change.Reaction.Emoji}{change.Reaction.Count})",
        _ => $"* {change.ActorId} took back {change.Reaction.Emoji} on #{change.MessageOffset} ({change.Reaction.Emoji}{change.Reaction.Count})",
    };

    public static string Describe(RoomModerated moderated)
    {
        var actor = Author(moderated.ModeratorId, moderated.PostedBy);
        return moderated.ActionCase switch
        {
            RoomModerated.ActionOneofCase.Mute when moderated.Mute.Duration.ToTimeSpan() > TimeSpan.Zero =>
                $"* {actor} muted {moderated.Mute.UserId} for {moderated.Mute.Duration.ToTimeSpan()}",
            RoomModerated.ActionOneofCase.Mute => $"* {actor} unmuted {moderated.Mute.UserId}",
            RoomModerated.ActionOneofCase.Ban when moderated.Ban.Lift && actor.Length == 0 => $"* the ban on {moderated.Ban.UserId} ended",
            RoomModerated.ActionOneofCase.Ban when moderated.Ban.Lift => $"* {actor} lifted the ban on {moderated.Ban.UserId}",
            RoomModerated.ActionOneofCase.Ban =>
                $"* {actor} banned {moderated.Ban.UserId}{(moderated.Ban.Duration is { } lasts ? $" for {lasts.ToTimeSpan()}" : "")}{(moderated.Ban.Reason.Length > 0 ? $": {moderated.Ban.Reason}" : "")}",
            RoomModerated.ActionOneofCase.Links => $"* {actor} {LinkRule(moderated.Links)}",
            RoomModerated.ActionOneofCase.ReadReceipts =>
                $"* {actor} turned read receipts {(moderated.ReadReceipts.Enabled ? "on: members see who has read up to where" : "off")}",
            _ when moderated.SlowMode.Interval.ToTimeSpan() > TimeSpan.Zero =>
                $"* {actor} set slow mode: one message per {moderated.SlowMode.Interval.ToTimeSpan().TotalSeconds:0.#} s",
            _ => $"* {actor} turned slow mode off",
        };
    }

    /// <summary>
    /// Who wrote or did something: a user; the application's backend in brackets when it acted itself (server API, no
    /// user); "user (via backend)" when it acted for a user; empty when the room did (a ban that ran out).
    /// </summary>
    private static string Author(string userId, string postedBy) => (userId, postedBy) switch
    {
        (_, "") => userId,
        ("", _) => $"[{postedBy}]",
        _ => $"{userId} (via {postedBy})",
    };

    private static string LinkRule(LinkRules links) => links.Policy switch
    {
        LinkPolicy.Blocked => "blocked links",
        LinkPolicy.Allowlist => $"allowed links only to {string.Join(", ", links.AllowedDomains)}",
        _ => "allowed all links",
    };

    private static string Metadata(ChatMessage message) =>
        message.Metadata.Count == 0 ? "" : $" {{{string.Join(", ", message.Metadata.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"))}}}";
}
