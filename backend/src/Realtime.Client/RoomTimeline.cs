using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

/// <summary>
/// One room's messages as they read now for <paramref name="viewerId"/>, folded from its events by the rules
/// the server folds history with (see <see cref="MessageChanged"/>): messages in offset order, edits, tombstones
/// and reaction summaries applied, a continuity loss's snapshot replacing everything. Feed it the room's
/// frames from <see cref="ChatClient.ReadEventsAsync"/> (or pages from ListMessages); not thread-safe.
/// </summary>
public sealed class RoomTimeline(string viewerId)
{
    private readonly SortedDictionary<long, ChatMessage> _messages = [];

    public IReadOnlyCollection<ChatMessage> Messages => _messages.Values;

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
                foreach (var message in frame.ContinuityLost.Snapshot)
                {
                    Add(message);
                }
                break;
        }
    }

    /// <summary>A message as sent or as history lists it; one already here is kept (the events since fold into it).</summary>
    public void Add(ChatMessage message) => _messages.TryAdd(message.Offset, message.Clone());

    private void Fold(MessageChanged change)
    {
        if (!_messages.TryGetValue(change.MessageOffset, out var message) || message.Deleted)
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
                _messages[change.MessageOffset] = new ChatMessage
                {
                    RoomId = message.RoomId,
                    Epoch = message.Epoch,
                    Offset = message.Offset,
                    SenderId = message.SenderId,
                    SentAt = message.SentAt,
                    ClientMessageId = message.ClientMessageId,
                    Deleted = true,
                };
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
