using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

/// <summary>
/// One room's messages as they read now for <paramref name="viewerId"/>, folded from its events by the rules
/// the server folds history with (see <see cref="MessageChanged"/>): messages in offset order, edits, tombstones
/// and reaction summaries applied, a continuity loss's snapshot replacing everything. Thread replies are kept
/// apart from the main timeline, each reply's thread summary copied onto its root. Feed it the room's frames
/// from <see cref="ChatClient.ReadEventsAsync"/> (or pages from ListMessages and ListThreadReplies); not thread-safe.
/// </summary>
public sealed class RoomTimeline(string viewerId)
{
    private readonly SortedDictionary<long, ChatMessage> _messages = [];

    private readonly SortedDictionary<long, ChatMessage> _replies = [];

    /// <summary>The main timeline: every message that is not a thread reply, in offset order.</summary>
    public IReadOnlyCollection<ChatMessage> Messages => _messages.Values;

    /// <summary>The replies of one thread seen so far, in offset order.</summary>
    public IEnumerable<ChatMessage> Replies(long threadOffset) => _replies.Values.Where(reply => reply.ThreadOffset == threadOffset);

    /// <summary>Takes in one frame of this room; other frames change nothing.</summary>
    public void Apply(ChatServerFrame frame)
    {
        switch (frame.EventCase)
        {
            case ChatServerFrame.EventOneofCase.Message:
                Add(frame.Message);
                break;
            case ChatServerFrame.EventOneofCase.Changed:
                Fold(frame.Changed);
                break;
            case ChatServerFrame.EventOneofCase.ContinuityLost:
                _messages.Clear();
                _replies.Clear();
                foreach (var message in frame.ContinuityLost.Snapshot)
                {
                    Add(message);
                }
                break;
        }
    }

    /// <summary>A message as sent or as history lists it; one already here is kept (the events since fold into it).</summary>
    public void Add(ChatMessage message)
    {
        if (message.ThreadOffset == 0)
        {
            _messages.TryAdd(message.Offset, message.Clone());
            return;
        }
        // A reply carries its thread's summary for the root; it has none of its own.
        var reply = message.Clone();
        reply.Thread = null;
        if (_replies.TryAdd(message.Offset, reply) && message.Thread is { } thread)
        {
            SetThread(message.ThreadOffset, thread);
        }
    }

    private void SetThread(long threadOffset, ThreadSummary thread)
    {
        if (_messages.TryGetValue(threadOffset, out var root))
        {
            root.Thread = thread.ReplyCount > 0 ? thread.Clone() : null;
        }
    }

    private void Fold(MessageChanged change)
    {
        if (change.Deleted?.Thread is { } thread)
        {
            SetThread(change.Deleted.ThreadOffset, thread);
        }
        var timeline = _messages.ContainsKey(change.MessageOffset) ? _messages : _replies;
        if (!timeline.TryGetValue(change.MessageOffset, out var message) || message.Deleted)
        {
            return;
        }
        switch (change.ChangeCase)
        {
            case MessageChanged.ChangeOneofCase.Edited:
                message.Content = change.Edited.Content;
                message.EditedAt = change.ChangedAt;
                break;
            case MessageChanged.ChangeOneofCase.Deleted:
                timeline[change.MessageOffset] = new ChatMessage
                {
                    RoomId = message.RoomId,
                    Epoch = message.Epoch,
                    Offset = message.Offset,
                    SenderId = message.SenderId,
                    SentAt = message.SentAt,
                    ClientMessageId = message.ClientMessageId,
                    ThreadOffset = message.ThreadOffset,
                    Thread = message.ThreadOffset == 0 ? message.Thread : null,
                    Deleted = true,
                };
                break;
            case MessageChanged.ChangeOneofCase.Pinned:
                message.Pinned = change.Pinned.Pinned;
                break;
            case MessageChanged.ChangeOneofCase.Reaction:
                React(message, change.Reaction, string.Equals(change.ActorId, viewerId, StringComparison.Ordinal));
                break;
        }
    }

    private static void React(ChatMessage message, ReactionChanged reaction, bool mine)
    {
        var at = 0;
        while (at < message.Reactions.Count && string.CompareOrdinal(message.Reactions[at].Emoji, reaction.Emoji) < 0)
        {
            at++;
        }
        var summary = at < message.Reactions.Count && message.Reactions[at].Emoji == reaction.Emoji ? message.Reactions[at] : null;
        if (reaction.Count == 0)
        {
            if (summary is not null)
            {
                message.Reactions.RemoveAt(at);
            }
            return;
        }
        if (summary is null)
        {
            summary = new ReactionSummary { Emoji = reaction.Emoji };
            message.Reactions.Insert(at, summary);
        }
        summary.Count = reaction.Count;
        if (mine)
        {
            summary.Mine = reaction.Added;
        }
    }
}
