using Google.Protobuf.WellKnownTypes;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Chat;

/// <summary>Threads: each root's replies, and the summary a reply or a reply's deletion carries to clients.</summary>
public sealed partial class MessageFolds
{
    /// <summary>How many repliers a summary names.</summary>
    public const int ParticipantsShown = 5;

    /// <summary>Folds in a stored reply, in offset order.</summary>
    public void AddReply(ChatMessage reply)
    {
        state.FoldedThrough = Math.Max(state.FoldedThrough, reply.Offset);
        if (!state.Threads.TryGetValue(reply.ThreadOffset, out var replies))
        {
            replies = state.Threads[reply.ThreadOffset] = [];
        }
        replies.Add(new ThreadReply(reply.Offset, reply.SenderId, reply.SentAt.ToDateTimeOffset()));
    }

    /// <summary>The thread's replies, oldest first, deleted ones included.</summary>
    public IReadOnlyList<ThreadReply> Replies(long threadOffset) => state.Threads.GetValueOrDefault(threadOffset) ?? [];

    /// <summary>
    /// The summary of the thread at <paramref name="threadOffset"/>, counting <paramref name="pending"/> replies
    /// (numbered, not yet stored) after the stored ones, and not those deleted or <paramref name="deleting"/>.
    /// </summary>
    public ThreadSummary Summary(long threadOffset, IEnumerable<ThreadReply> pending, Func<long, bool>? deleting = null)
    {
        var live = Replies(threadOffset)
            .Where(reply => !(state.Messages.TryGetValue(reply.Offset, out var fold) && fold.Deleted) && !(deleting?.Invoke(reply.Offset) ?? false))
            .Concat(pending)
            .ToList();
        var summary = new ThreadSummary { ReplyCount = live.Count };
        if (live.Count == 0)
        {
            return summary;
        }
        summary.LastReplyOffset = live[^1].Offset;
        summary.LastReplyAt = Timestamp.FromDateTimeOffset(live[^1].SentAt);
        var participants = new HashSet<string>(StringComparer.Ordinal);
        for (var i = live.Count - 1; i >= 0 && participants.Count < ParticipantsShown; i--)
        {
            if (participants.Add(live[i].SenderId))
            {
                summary.ParticipantIds.Add(live[i].SenderId);
            }
        }
        return summary;
    }
}
