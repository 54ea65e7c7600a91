using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Commands;
using Realtime.Grains.Log;
using Realtime.Protos.Chat.V1;
using MessageVersion = Realtime.Grains.Abstractions.Chat.MessageVersion;

namespace Realtime.Grains.Chat;

/// <summary>
/// Edits, deletions and reactions: events on the room's log like messages (the next offset, acked once
/// stored, published in order), folded into <see cref="MessageFoldState"/> so that history reads show each
/// message as it is now. Changes run one at a time (they do not interleave), so each is checked against
/// every change stored before it.
/// </summary>
public sealed partial class ChatRoomGrain
{
    /// <summary>Log entries read per round trip when the fold catches up on activation.</summary>
    private const int FoldCatchUpPage = 1_000;

    /// <summary>Entries of log a deactivation leaves for the next activation to fold, at most, before it writes the fold.</summary>
    private const int FoldDebtOnDeactivation = 1_000;

    private DebouncedWrite? _foldWrite;

    private MessageFolds Folds => new(foldState.State);

    public async Task<ChatSendResult> ChangeAsync(Caller caller, ChatChange change)
    {
        DemandRoom();
        Access.Demand(caller, AccessRole.Writer, $"change messages in room '{RoomId}'");
        if (_recentSends.TryGet(caller.UserId, change.ClientChangeId, out var storedOffset))
        {
            return await DuplicateResultAsync(storedOffset);
        }
        var now = time.GetUtcNow();
        change = Filtered(caller, change);
        if (change.Kind != ChatChangeKind.Delete)
        {
            DemandMayPost(caller, now, isSend: false, change.Kind == ChatChangeKind.Edit ? change.Value : null);
        }
        var target = await TargetAsync(change.MessageOffset);
        Folds.Check(target, change, caller, Access.RoleOf(caller), _options);
        var changed = new MessageChanged
        {
            RoomId = RoomId,
            Epoch = state.State.Epoch,
            Offset = _commits!.NextOffset,
            MessageOffset = change.MessageOffset,
            ActorId = caller.UserId,
            ChangedAt = Timestamp.FromDateTimeOffset(now),
            ClientChangeId = change.ClientChangeId,
        };
        switch (change.Kind)
        {
            case ChatChangeKind.Edit:
                changed.Edited = new MessageEdited { Content = change.Value };
                break;
            case ChatChangeKind.Delete:
                changed.Deleted = new MessageDeleted { ByModerator = !string.Equals(target.SenderId, caller.UserId, StringComparison.Ordinal) };
                if (target.ThreadOffset > 0)
                {
                    changed.Deleted.ThreadOffset = target.ThreadOffset;
                    changed.Deleted.Thread = ThreadSummaryWith(target.ThreadOffset, null, deleting: change.MessageOffset);
                }
                break;
            case ChatChangeKind.Pin or ChatChangeKind.Unpin:
                changed.Pinned = new MessagePinned { Pinned = change.Kind == ChatChangeKind.Pin };
                break;
            default:
                var added = change.Kind == ChatChangeKind.AddReaction;
                changed.Reaction = new ReactionChanged { Emoji = change.Value, Added = added, Count = MessageFolds.CountAfter(target, change.Value, caller.UserId, added) };
                break;
        }
        var frame = new ChatServerFrame { Changed = changed }.ToByteArray();
        var entry = new LogEntry(changed.Offset, now, frame, IdempotencyWindow.CommandId(caller.UserId, change.ClientChangeId));
        var redacting = change.Kind == ChatChangeKind.Delete ? target.Edits.Select(edit => edit.Offset).Prepend(change.MessageOffset).ToArray() : [];
        // Replies numbered while this deletion is on its way to the log must not count the reply it deletes.
        var deletingReply = changed.Deleted?.ThreadOffset > 0 && _deletingReplies.Add(change.MessageOffset);
        try
        {
            await _commits.AppendAsync(entry, Retention, () =>
            {
                _recentSends.Remember(caller.UserId, change.ClientChangeId, changed.Offset);
                Folds.Apply(changed);
                _index?.Append(changed.Offset, null);
                _ = PublishAsync(changed.Offset, frame);
            });
        }
        finally
        {
            if (deletingReply)
            {
                _deletingReplies.Remove(change.MessageOffset);
            }
        }
        FoldWrite.Schedule();
        if (redacting.Length > 0)
        {
            _ = RedactAsync(redacting);
        }
        return new ChatSendResult { Epoch = changed.Epoch, Offset = changed.Offset, SentAt = now, Duplicate = false };
    }

    public async Task<MessageVersion[]> ReadVersionsAsync(long messageOffset, CancellationToken cancellationToken)
    {
        DemandRoom();
        return Folds.Versions(await StoredMessageAsync(messageOffset, cancellationToken));
    }

    public async Task<byte[][]> ReadPinnedAsync(string viewerId, CancellationToken cancellationToken)
    {
        DemandRoom();
        var folds = Folds;
        // A pinned message the log no longer retains is forgotten by the fold on the next activation; until then it is skipped.
        var retained = (await log.GetBoundsAsync(Topic, cancellationToken)).FirstOffset;
        var pins = folds.Pins().Where(pin => pin.Offset >= retained).ToArray();
        var messages = await Task.WhenAll(pins.Select(pin => StoredMessageAsync(pin.Offset, cancellationToken)));
        return [.. pins.Zip(messages, (pin, message) => new PinnedMessage
        {
            Message = folds.Current(message, viewerId),
            PinnedBy = pin.PinnedBy,
            PinnedAt = Timestamp.FromDateTimeOffset(pin.PinnedAt),
        }.ToByteArray())];
    }

    /// <summary>The fold of the message a change names, with its sender known.</summary>
    private async Task<MessageFold> TargetAsync(long offset)
    {
        if (Folds.TryGet(offset, out var known) && known.SenderId is not null)
        {
            return known;
        }
        return Folds.Target(offset, await StoredMessageAsync(offset, CancellationToken.None));
    }

    private async Task<ChatMessage> StoredMessageAsync(long offset, CancellationToken cancellationToken)
    {
        var entries = offset is > 0 && offset <= LastOffset ? await log.ReadAfterAsync(Topic, offset - 1, 1, cancellationToken) : [];
        if (entries is [var entry] && entry.Offset == offset && ChatServerFrame.Parser.ParseFrom(entry.Data).Message is { } message)
        {
            return message;
        }
        throw new TopicException(TopicErrorKind.NotFound, $"Offset {offset} of room '{RoomId}' is not a retained message.");
    }

    /// <summary>Retained messages of the main timeline, newest first, each as it is now; change events are folded in, not listed, and thread replies are read by thread.</summary>
    private async Task<TopicEvent[]> CurrentMessagesBeforeAsync(long beforeOffset, int maxCount, string? viewerId, CancellationToken cancellationToken)
    {
        var folds = Folds;
        var messages = new List<TopicEvent>(maxCount);
        var before = beforeOffset;
        while (messages.Count < maxCount)
        {
            var wanted = maxCount - messages.Count;
            var entries = await log.ReadBeforeAsync(Topic, before, wanted, cancellationToken);
            foreach (var entry in entries)
            {
                if (ChatServerFrame.Parser.ParseFrom(entry.Data).Message is { ThreadOffset: 0 } message)
                {
                    var payload = folds.Changed(entry.Offset) ? new ChatServerFrame { Message = folds.Current(message, viewerId) }.ToByteArray() : entry.Data;
                    messages.Add(new TopicEvent { Topic = Topic, Epoch = state.State.Epoch, Offset = entry.Offset, Payload = payload });
                }
            }
            if (entries.Length < wanted)
            {
                break;
            }
            before = entries[^1].Offset;
        }
        return [.. messages];
    }

    /// <summary>
    /// Brings the fold up to the log: drops messages no longer retained and folds in the changes and replies
    /// stored after what the fold last wrote (a crash loses at most a second of fold writes, never a change).
    /// </summary>
    private async Task CatchUpFoldsAsync(LogBounds bounds, CancellationToken cancellationToken)
    {
        var folds = Folds;
        folds.DropBefore(bounds.FirstOffset);
        var after = Math.Max(foldState.State.FoldedThrough, bounds.FirstOffset - 1);
        while (after < bounds.LastOffset)
        {
            var entries = await log.ReadAfterAsync(Topic, after, FoldCatchUpPage, cancellationToken);
            if (entries.Length == 0)
            {
                break;
            }
            foreach (var entry in entries)
            {
                var frame = ChatServerFrame.Parser.ParseFrom(entry.Data);
                if (frame.Changed is { } changed)
                {
                    folds.Apply(changed);
                }
                else if (frame.Message is { ThreadOffset: > 0 } reply)
                {
                    folds.AddReply(reply);
                }
            }
            after = entries[^1].Offset;
        }
        foldState.State.FoldedThrough = bounds.LastOffset;
    }

    private bool FoldWriteDue => FoldWrite.Due || LastOffset - foldState.State.FoldedThrough > FoldDebtOnDeactivation;

    /// <summary>Changes are written together, at most once per second, like new members (see <see cref="ScheduleRoomWrite"/>).</summary>
    private DebouncedWrite FoldWrite => _foldWrite ??= new(this, WriteFoldsAsync, TimeSpan.FromSeconds(1));

    /// <summary>Everything up to the last durable offset is folded (changes fold in as they become durable).</summary>
    private Task WriteFoldsAsync(CancellationToken cancellationToken)
    {
        foldState.State.FoldedThrough = LastOffset;
        return foldState.WriteStateAsync(cancellationToken);
    }

    private void DemandRoom()
    {
        if (!state.RecordExists)
        {
            throw new TopicException(TopicErrorKind.NotFound, $"Room '{RoomId}' does not exist.");
        }
    }
}
