using Realtime.Protos.Chat.V1;

namespace Realtime.Cli;

/// <summary>How the terminal prints a message (numbered #offset, so commands can name it) and a change to one.</summary>
public static class MessageLines
{
    public static string Describe(ChatMessage message)
    {
        var head = $"[{message.SentAt.ToDateTime():HH:mm:ss}] #{message.Offset} {message.SenderId}";
        if (message.Deleted)
        {
            return $"{head}: [deleted]";
        }
        var body = message switch
        {
            { Attachment: { } file } => $"{head} shared {file.FileName} ({file.Size} bytes, {file.ContentType}) — /save {file.AttachmentId} PATH",
            { Kind.Length: > 0 } => $"{head} [{message.Kind}]: {message.Content}{Metadata(message)}",
            _ => $"{head}: {message.Content}",
        };
        var edited = message.EditedAt is null ? "" : " (edited)";
        var reactions = string.Concat(message.Reactions.Select(r => $" {r.Emoji}{r.Count}{(r.Mine ? "*" : "")}"));
        return body + edited + reactions;
    }

    public static string Describe(MessageChanged change) => change.ChangeCase switch
    {
        MessageChanged.ChangeOneofCase.Edited => $"* {change.ActorId} edited #{change.MessageOffset}: {change.Edited.Content}",
        MessageChanged.ChangeOneofCase.Deleted when change.Deleted.ByModerator => $"* {change.ActorId} (moderator) deleted #{change.MessageOffset}",
        MessageChanged.ChangeOneofCase.Deleted => $"* {change.ActorId} deleted #{change.MessageOffset}",
        MessageChanged.ChangeOneofCase.Reaction when change.Reaction.Added =>
            $"* {change.ActorId} reacted {change.Reaction.Emoji} to #{change.MessageOffset} ({change.Reaction.Emoji}{change.Reaction.Count})",
        _ => $"* {change.ActorId} took back {change.Reaction.Emoji} on #{change.MessageOffset} ({change.Reaction.Emoji}{change.Reaction.Count})",
    };

    public static string Describe(RoomModerated moderated) => moderated.ActionCase switch
    {
        RoomModerated.ActionOneofCase.Mute when moderated.Mute.Duration.ToTimeSpan() > TimeSpan.Zero =>
            $"* {moderated.ModeratorId} muted {moderated.Mute.UserId} for {moderated.Mute.Duration.ToTimeSpan()}",
        RoomModerated.ActionOneofCase.Mute => $"* {moderated.ModeratorId} unmuted {moderated.Mute.UserId}",
        _ when moderated.SlowMode.Interval.ToTimeSpan() > TimeSpan.Zero =>
            $"* {moderated.ModeratorId} set slow mode: one message per {moderated.SlowMode.Interval.ToTimeSpan().TotalSeconds:0.#} s",
        _ => $"* {moderated.ModeratorId} turned slow mode off",
    };

    private static string Metadata(ChatMessage message) =>
        message.Metadata.Count == 0 ? "" : $" {{{string.Join(", ", message.Metadata.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"))}}}";
}
