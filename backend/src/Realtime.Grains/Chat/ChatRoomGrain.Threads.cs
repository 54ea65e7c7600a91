using Google.Protobuf;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Chat;

/// <summary>
/// Threads: a reply names its root by offset. The root is read from the log before a send is numbered
/// (sends check and number with no await in between), and each reply carries its thread's summary as of
/// itself, counting the replies numbered before it that are still on their way to the log.
/// </summary>
public sealed partial class ChatRoomGrain
{
    /// <summary>What sends that reply in no thread are refused for their roots: nothing.</summary>
    private static readonly IReadOnlyDictionary<long, TopicException> NoRefusals = new Dictionary<long, TopicException>();

    /// <summary>Replies numbered and not yet stored, with their roots.</summary>
    private readonly List<(long Root, ThreadReply Reply)> _pendingReplies = [];

    /// <summary>Replies whose deletion is numbered and not yet stored.</summary>
    private readonly HashSet<long> _deletingReplies = [];

    /// <summary>Offsets read from the log this activation and found to be messages that may start a thread.</summary>
    private readonly HashSet<long> _threadRoots = [];

    public async Task<ThreadPage> ReadThreadAsync(long threadOffset, long afterOffset, int maxCount, string viewerId, CancellationToken cancellationToken)
    {
        DemandRoom();
        var root = await StoredMessageAsync(threadOffset, cancellationToken);
        DemandMayStartThread(root);
        var folds = Folds;
        // Replies follow their root, so a retained root's replies are retained; the bound guards a trim racing this read.
        var retained = (await log.GetBoundsAsync(Topic, cancellationToken)).FirstOffset;
        var offsets = folds.Replies(threadOffset).Select(reply => reply.Offset).Where(offset => offset > Math.Max(afterOffset, retained - 1)).Take(maxCount + 1).ToArray();
        var replies = await Task.WhenAll(offsets.Take(maxCount).Select(offset => StoredMessageAsync(offset, cancellationToken)));
        return new ThreadPage(
            state.State.Epoch,
            folds.Current(root, viewerId).ToByteArray(),
            [.. replies.Select(reply => folds.Current(reply, viewerId).ToByteArray())],
            offsets.Length > maxCount);
    }

    private async Task<ChatSendResult> ReplyAsync(Caller sender, ChatDraft draft) =>
        await StoreAsync(sender, draft, null, await CheckThreadRootsAsync([draft]));

    /// <summary>
    /// Reads the roots the drafts reply to that this activation has not checked yet; a root that may not
    /// take replies is returned with its refusal, which refuses only the drafts replying to it.
    /// </summary>
    private async Task<IReadOnlyDictionary<long, TopicException>> CheckThreadRootsAsync(IEnumerable<ChatDraft> drafts)
    {
        var refusals = new Dictionary<long, TopicException>();
        foreach (var root in drafts.Select(draft => draft.ThreadOffset).Where(offset => offset > 0).Distinct())
        {
            if (_threadRoots.Contains(root) || foldState.State.Threads.ContainsKey(root))
            {
                continue;
            }
            try
            {
                DemandMayStartThread(await StoredMessageAsync(root, CancellationToken.None));
                _threadRoots.Add(root);
            }
            catch (TopicException refusal)
            {
                refusals[root] = refusal;
            }
        }
        return refusals;
    }

    private static void DemandMayStartThread(ChatMessage root)
    {
        if (root.ThreadOffset > 0)
        {
            throw new TopicException(TopicErrorKind.Invalid, $"Message {root.Offset} is a reply in thread {root.ThreadOffset}: reply to {root.ThreadOffset} instead.", "thread_offset");
        }
    }

    /// <summary>Throws why a draft may not reply in the thread at <paramref name="threadOffset"/> (checked by <see cref="CheckThreadRootsAsync"/>), if it may not.</summary>
    private void DemandThreadOpen(long threadOffset, IReadOnlyDictionary<long, TopicException> refusals)
    {
        if (refusals.TryGetValue(threadOffset, out var refusal))
        {
            throw refusal;
        }
        if (Folds.TryGet(threadOffset, out var root) && root.Deleted)
        {
            throw new TopicException(TopicErrorKind.WrongState, $"Message {threadOffset} was deleted: its thread takes no more replies.");
        }
    }

    /// <summary>Makes <paramref name="message"/> a reply, counted in its thread's summary until it is stored.</summary>
    private ThreadReply NumberReply(ChatMessage message, long threadOffset)
    {
        var reply = new ThreadReply(message.Offset, message.SenderId, message.SentAt.ToDateTimeOffset());
        message.ThreadOffset = threadOffset;
        message.Thread = ThreadSummaryWith(threadOffset, reply);
        _pendingReplies.Add((threadOffset, reply));
        return reply;
    }

    private void ReplyStored(ChatMessage reply)
    {
        _pendingReplies.RemoveAll(pending => pending.Reply.Offset == reply.Offset);
        Folds.AddReply(reply);
        FoldWrite.Schedule();
    }

    /// <summary>The thread's summary once the pending replies and <paramref name="next"/> are stored, without the replies being deleted.</summary>
    private Protos.Chat.V1.ThreadSummary ThreadSummaryWith(long threadOffset, ThreadReply? next, long deleting = 0) =>
        Folds.Summary(
            threadOffset,
            _pendingReplies.Where(pending => pending.Root == threadOffset).Select(pending => pending.Reply).Append(next).OfType<ThreadReply>(),
            offset => offset == deleting || _deletingReplies.Contains(offset));
}
