namespace Realtime.Grains.Chat;

/// <summary>
/// Which offsets of a room's log are messages, and whose, from <see cref="From"/> to the last durable
/// offset: what unread counts are counted on. Kept in memory while the room is active (stored events are
/// appended as they become durable) and extended backwards from the log when a count reaches further.
/// </summary>
public sealed class MessageIndex(long lastOffset)
{
    private readonly List<long> _offsets = [];

    /// <summary>The sender of each indexed message; null for a change event.</summary>
    private readonly List<string?> _senders = [];

    /// <summary>The lowest offset indexed: everything from here to the last durable offset is.</summary>
    public long From { get; private set; } = lastOffset + 1;

    public void Append(long offset, string? senderId)
    {
        _offsets.Add(offset);
        _senders.Add(senderId);
    }

    /// <summary>Older events, oldest first, ending just before <see cref="From"/>; <paramref name="from"/> becomes the new start.</summary>
    public void Prepend(IReadOnlyList<(long Offset, string? SenderId)> older, long from)
    {
        _offsets.InsertRange(0, older.Select(e => e.Offset));
        _senders.InsertRange(0, older.Select(e => e.SenderId));
        From = from;
    }

    /// <summary>Messages after <paramref name="afterOffset"/> that <paramref name="counts"/> accepts (given offset and sender).</summary>
    public int Count(long afterOffset, Func<long, string, bool> counts)
    {
        var start = _offsets.BinarySearch(afterOffset + 1);
        var count = 0;
        for (var i = start < 0 ? ~start : start; i < _offsets.Count; i++)
        {
            if (_senders[i] is { } sender && counts(_offsets[i], sender))
            {
                count++;
            }
        }
        return count;
    }
}
