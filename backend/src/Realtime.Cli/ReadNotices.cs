using Realtime.Protos.Chat.V1;

namespace Realtime.Cli;

/// <summary>
/// What the terminal says about read positions: the user reading further on another device, and, in a room with read
/// receipts, each member who has read the user's latest message. Fed every frame in order, from one loop.
/// </summary>
public sealed class ReadNotices(string user, ReadMarks marks)
{
    private readonly Dictionary<string, long> _readers = new(StringComparer.Ordinal);
    private long _latestOwn;

    public string? Describe(ChatServerFrame frame)
    {
        if (frame.Message is { } message && message.SenderId == user)
        {
            _latestOwn = Math.Max(_latestOwn, message.Offset);
            return null;
        }
        if (frame.Read is not { } read)
        {
            return null;
        }
        if (read.UserId == user)
        {
            // This device's own marks come back too; only a position it had not reached is another device's.
            return read.Unread is { } unread && marks.Seen(read.Offset) ? $"(read up to #{read.Offset} on another device; {unread.UnreadCount} unread)" : null;
        }
        var before = _readers.GetValueOrDefault(read.UserId);
        _readers[read.UserId] = Math.Max(before, read.Offset);
        return _latestOwn > 0 && before < _latestOwn && read.Offset >= _latestOwn ? $"✓ {read.UserId} read your #{_latestOwn}" : null;
    }
}
