using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Chat;

/// <summary>What unread counts need of one message: whose it is, whether it is a thread reply, who it mentions.</summary>
public readonly record struct IndexedMessage(string SenderId, bool Reply, string[] Mentions)
{
    /// <summary>The message a log entry holds; null for any other event.</summary>
    public static IndexedMessage? Of(ChatMessage? message) =>
        message is null ? null : new IndexedMessage(message.SenderId, message.ThreadOffset > 0, [.. message.Mentions]);

    public bool Mentioning(string userId) => Array.IndexOf(Mentions, userId) >= 0;
}

/// <summary>
/// Which offsets of a room's log are messages, and whose, from <see cref="From"/> to the last durable
/// offset: what unread counts are counted on. Kept in memory while the room is active (stored events are
/// appended as they become durable) and extended backwards from the log when a count reaches further.
/// </summary>
public sealed class MessageIndex(long lastOffset)
{
    private readonly List<long> _offsets = [];

    /// <summary>Each indexed event's message; null for a change event.</summary>
    private readonly List<IndexedMessage?> _messages = [];

    /// <summary>The lowest offset indexed: everything from here to the last durable offset is.</summary>
    public long From { get; private set; } = lastOffset + 1;

    public void Append(long offset, IndexedMessage? message)
    {
        _offsets.Add(offset);
        _messages.Add(message);
    }

    /// <summary>Older events, oldest first, ending just before <see cref="From"/>; <paramref name="from"/> becomes the new start.</summary>
    public void Prepend(IReadOnlyList<(long Offset, IndexedMessage? Message)> older, long from)
    {
        _offsets.InsertRange(0, older.Select(e => e.Offset));
        _messages.InsertRange(0, older.Select(e => e.Message));
        From = from;
    }

    /// <summary>Messages after <paramref name="afterOffset"/> that <paramref name="counts"/> accepts (given offset and message).</summary>
    public int Count(long afterOffset, Func<long, IndexedMessage, bool> counts)
    {
        var start = _offsets.BinarySearch(afterOffset + 1);
        var count = 0;
        for (var i = start < 0 ? ~start : start; i < _offsets.Count; i++)
        {
            if (_messages[i] is { } message && counts(_offsets[i], message))
            {
                count++;
            }
        }
        return count;
    }
}
