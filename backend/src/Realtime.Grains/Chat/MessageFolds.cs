using Google.Protobuf.WellKnownTypes;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using MessageVersion = Realtime.Grains.Abstractions.Chat.MessageVersion;

namespace Realtime.Grains.Chat;

/// <summary>
/// The rules of changes to messages, applied to the room's <see cref="MessageFoldState"/>: who may make
/// which change, how a change folds in (clients fold live changes by the same rules, see
/// docs/ARCHITECTURE.md "Message changes"), and a stored message in its current state.
/// </summary>
public sealed partial class MessageFolds(MessageFoldState state)
{
    public MessageFoldState State => state;

    /// <summary>The fold of a message being changed, made from the message as stored when it is the first change.</summary>
    public MessageFold Target(long offset, ChatMessage stored)
    {
        var fold = state.Messages.TryGetValue(offset, out var known) ? known : state.Messages[offset] = new MessageFold();
        fold.SenderId = stored.SenderId;
        fold.SharesFile = stored.Attachment is not null;
        fold.ThreadOffset = stored.ThreadOffset;
        return fold;
    }

    public bool TryGet(long offset, out MessageFold fold) => state.Messages.TryGetValue(offset, out fold!);

    /// <summary>Throws the refusal of <paramref name="change"/> by <paramref name="caller"/> (whose role here is <paramref name="role"/>), if any.</summary>
    public void Check(MessageFold target, ChatChange change, Caller caller, AccessRole role, ChatOptions limits)
    {
        var offset = change.MessageOffset;
        if (target.Deleted)
        {
            throw new TopicException(TopicErrorKind.WrongState, $"Message {offset} was deleted.");
        }
        var own = string.Equals(target.SenderId, caller.UserId, StringComparison.Ordinal);
        switch (change.Kind)
        {
            case ChatChangeKind.Edit when !own:
                throw new TopicException(TopicErrorKind.Denied, $"'{caller.UserId}' may not edit message {offset}: only its author may.");
            case ChatChangeKind.Edit when target.SharesFile:
                throw new TopicException(TopicErrorKind.WrongState, $"Message {offset} shares a file and cannot be edited; delete it instead.");
            case ChatChangeKind.Delete when !own && role < AccessRole.Moderator:
                throw new TopicException(TopicErrorKind.Denied, $"'{caller.UserId}' may not delete message {offset}: only its author or a moderator may.");
            case ChatChangeKind.AddReaction when !target.Reactions.ContainsKey(change.Value) && target.Reactions.Count >= limits.MaxReactionsPerMessage:
                throw new TopicException(TopicErrorKind.LimitReached, $"Message {offset} already has {limits.MaxReactionsPerMessage} different reactions.");
            case ChatChangeKind.Pin when !target.Pinned && state.Messages.Values.Count(fold => fold.Pinned) >= limits.MaxPinnedMessages:
                throw new TopicException(TopicErrorKind.LimitReached, $"The room already has {limits.MaxPinnedMessages} pinned messages; unpin one first.");
        }
    }

    /// <summary>Users with <paramref name="emoji"/> on the message once <paramref name="userId"/> added or removed theirs.</summary>
    public static int CountAfter(MessageFold target, string emoji, string userId, bool added)
    {
        var users = target.Reactions.GetValueOrDefault(emoji);
        var had = users?.Contains(userId) ?? false;
        return (users?.Count ?? 0) + (added == had ? 0 : added ? 1 : -1);
    }

    /// <summary>Folds in a stored change, in offset order.</summary>
    public void Apply(MessageChanged change)
    {
        state.FoldedThrough = Math.Max(state.FoldedThrough, change.Offset);
        if (!state.Messages.TryGetValue(change.MessageOffset, out var fold))
        {
            fold = state.Messages[change.MessageOffset] = new MessageFold();
        }
        if (fold.Deleted)
        {
            return;
        }
        switch (change.ChangeCase)
        {
            case MessageChanged.ChangeOneofCase.Edited:
                fold.Edits.Add(new MessageVersion(change.Edited.Content, change.ChangedAt.ToDateTimeOffset(), change.Offset));
                break;
            case MessageChanged.ChangeOneofCase.Deleted:
                fold.Deleted = true;
                fold.Pinned = false;
                fold.ThreadOffset = change.Deleted.ThreadOffset;
                fold.Edits.Clear();
                fold.Reactions.Clear();
                break;
            case MessageChanged.ChangeOneofCase.Reaction when change.Reaction.Added:
                if (!fold.Reactions.TryGetValue(change.Reaction.Emoji, out var users))
                {
                    users = fold.Reactions[change.Reaction.Emoji] = new HashSet<string>(StringComparer.Ordinal);
                }
                users.Add(change.ActorId);
                break;
            case MessageChanged.ChangeOneofCase.Pinned:
                fold.Pinned = change.Pinned.Pinned;
                fold.PinnedBy = change.ActorId;
                fold.PinnedAt = change.ChangedAt.ToDateTimeOffset();
                break;
            case MessageChanged.ChangeOneofCase.Reaction:
                if (fold.Reactions.TryGetValue(change.Reaction.Emoji, out var reacted) && reacted.Remove(change.ActorId) && reacted.Count == 0)
                {
                    fold.Reactions.Remove(change.Reaction.Emoji);
                }
                break;
        }
    }

    /// <summary><paramref name="message"/> (changed in place) as a deleted message reads: who sent it where and when, nothing of what it said.</summary>
    public static ChatMessage Tombstone(ChatMessage message)
    {
        message.Deleted = true;
        message.Content = "";
        message.Attachment = null;
        message.Kind = "";
        message.Metadata.Clear();
        message.Mentions.Clear();
        return message;
    }

    /// <summary>Whether <see cref="Current"/> reads the message at <paramref name="offset"/> otherwise than it was stored.</summary>
    public bool Changed(long offset) => state.Messages.ContainsKey(offset) || state.Threads.ContainsKey(offset);

    /// <summary>
    /// <paramref name="message"/> as it reads now: the last edit's content, or a tombstone, with its reactions
    /// (<see cref="ReactionSummary.Mine"/> for <paramref name="viewerId"/>, when there is one) and, on a
    /// thread's root, its thread's summary.
    /// </summary>
    public ChatMessage Current(ChatMessage message, string? viewerId)
    {
        var current = message.Clone();
        // A stored reply carries its thread's summary as it was then; the root carries it now.
        current.Thread = state.Threads.ContainsKey(message.Offset) && Summary(message.Offset, []) is { ReplyCount: > 0 } thread ? thread : null;
        if (!state.Messages.TryGetValue(message.Offset, out var fold))
        {
            return current;
        }
        if (fold.Deleted)
        {
            return Tombstone(current);
        }
        current.Pinned = fold.Pinned;
        if (fold.Edits.Count > 0)
        {
            current.Content = fold.Edits[^1].Content;
            current.EditedAt = Timestamp.FromDateTimeOffset(fold.Edits[^1].Time);
        }
        current.Reactions.AddRange(fold.Reactions.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new ReactionSummary
        {
            Emoji = r.Key,
            Count = r.Value.Count,
            Mine = viewerId is not null && r.Value.Contains(viewerId),
        }));
        return current;
    }

    /// <summary>The offsets of the pinned messages, with who pinned each and when, the most recently pinned first.</summary>
    public (long Offset, string PinnedBy, DateTimeOffset PinnedAt)[] Pins() =>
        [.. state.Messages.Where(m => m.Value.Pinned).Select(m => (m.Key, m.Value.PinnedBy, m.Value.PinnedAt)).OrderByDescending(p => p.PinnedAt).ThenByDescending(p => p.Key)];

    /// <summary>Every version of <paramref name="message"/>, oldest first; none once it is deleted.</summary>
    public MessageVersion[] Versions(ChatMessage message)
    {
        var original = new MessageVersion(message.Content, message.SentAt.ToDateTimeOffset(), message.Offset);
        if (!state.Messages.TryGetValue(message.Offset, out var fold))
        {
            return [original];
        }
        return fold.Deleted ? [] : [original, .. fold.Edits];
    }

    /// <summary>Forgets messages the log no longer retains, and their threads (whose replies came after them).</summary>
    public void DropBefore(long firstRetainedOffset)
    {
        foreach (var offset in state.Messages.Keys.Where(offset => offset < firstRetainedOffset).ToArray())
        {
            state.Messages.Remove(offset);
        }
        foreach (var offset in state.Threads.Keys.Where(offset => offset < firstRetainedOffset).ToArray())
        {
            state.Threads.Remove(offset);
        }
    }
}
