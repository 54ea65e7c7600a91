using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>A member's thread replies: sends that name a root, counted per root once acked.</summary>
public sealed partial class ChatMember
{
    private readonly Dictionary<long, long> _replyRoots = [];
    private readonly Dictionary<long, int> _acknowledgedReplies = [];
    private long _lastRootOffset;

    /// <summary>How many of this member's replies to each root the server acked.</summary>
    public IReadOnlyDictionary<long, int> AcknowledgedReplies
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<long, int>(_acknowledgedReplies);
            }
        }
    }

    /// <summary>Replies (send <paramref name="n"/>) in the thread of the newest message it has that is not a reply; sends instead before it has one.</summary>
    public Task ReplyAsync(long n, string padding)
    {
        long root;
        lock (_gate)
        {
            root = _lastRootOffset;
            if (root > 0)
            {
                _replyRoots[n] = root;
            }
        }
        return SendAsync(n, padding, root);
    }

    /// <summary>The newest message delivered (what reactions go to) and the newest that is not a reply (what replies go to), under the lock.</summary>
    private void Newest(ChatMessage message)
    {
        _lastMessageOffset = message.Offset;
        if (message.ThreadOffset == 0)
        {
            _lastRootOffset = message.Offset;
        }
    }

    /// <summary>Send <paramref name="n"/> was acked, under the lock: a reply counts for its root.</summary>
    private void ReplyAcked(long n)
    {
        if (_replyRoots.Remove(n, out var root))
        {
            _acknowledgedReplies[root] = _acknowledgedReplies.GetValueOrDefault(root) + 1;
        }
    }
}
