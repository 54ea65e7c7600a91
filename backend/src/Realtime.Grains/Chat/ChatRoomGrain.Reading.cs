using Google.Protobuf;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Chat;

/// <summary>
/// Read positions and unread counts: a member's read position is an offset (moved only forward), its
/// unread count the messages of the main timeline after it that others sent and nobody deleted, and its
/// mention count those messages, thread replies included, that mention it; both counted on the room's
/// <see cref="MessageIndex"/>. A move is announced live (<see cref="AnnounceRead"/>), and with read receipts on members
/// list each other's positions.
/// </summary>
public sealed partial class ChatRoomGrain
{
    /// <summary>Log entries read per round trip when the index reaches further back.</summary>
    private const int IndexPage = 1_000;

    private MessageIndex? _index;

    public async Task<UnreadCount> MarkReadAsync(Caller caller, long offset)
    {
        DemandRoom();
        Access.Demand(caller, AccessRole.Reader, $"read room '{RoomId}'");
        var read = Math.Clamp(offset, 0, LastOffset);
        var moved = read > ReadOffsetOf(caller.UserId);
        if (moved)
        {
            state.State.ReadOffsets[caller.UserId] = read;
            ScheduleRoomWrite();
        }
        var count = await CountUnreadAsync(caller);
        if (moved)
        {
            AnnounceRead(caller.UserId, count);
        }
        return count;
    }

    public Task<IReadOnlyList<MemberReadPosition>> ListReadReceiptsAsync(Caller caller, int count)
    {
        DemandRoom();
        Access.Demand(caller, AccessRole.Reader, $"read room '{RoomId}'");
        if (!state.State.ReadReceipts)
        {
            throw new TopicException(TopicErrorKind.WrongState, $"Room '{RoomId}' does not show read receipts.");
        }
        // Those who may no longer read the room (banned, taken off a private room) are not shown.
        IReadOnlyList<MemberReadPosition> furthest = [.. state.State.ReadOffsets
            .Where(read => Access.RoleOf(new Caller(read.Key, false)) >= AccessRole.Reader)
            .OrderByDescending(read => read.Value).ThenBy(read => read.Key, StringComparer.Ordinal)
            .Take(count)
            .Select(read => new MemberReadPosition(read.Key, read.Value))];
        return Task.FromResult(furthest);
    }

    /// <summary>
    /// Tells the member's own streams (its other devices) where it now reads, with its counts, and in a room with read
    /// receipts every member where it reads, without them (others' counts are the member's own business). Not stored:
    /// a device that was away asks again.
    /// </summary>
    private void AnnounceRead(string userId, UnreadCount count)
    {
        var own = new ReadPositionMoved { RoomId = RoomId, UserId = userId, Offset = count.ReadOffset, Unread = ReadFrames.Unread(RoomId, count) };
        _ = PublishAsync(0, new ChatServerFrame { Read = own }.ToByteArray(), userId);
        if (state.State.ReadReceipts)
        {
            _ = PublishAsync(0, new ChatServerFrame { Read = new ReadPositionMoved { RoomId = RoomId, UserId = userId, Offset = count.ReadOffset } }.ToByteArray());
        }
    }

    public async Task<UnreadCount> CountUnreadAsync(Caller caller)
    {
        DemandRoom();
        Access.Demand(caller, AccessRole.Reader, $"read room '{RoomId}'");
        var read = ReadOffsetOf(caller.UserId);
        var index = await IndexFromAsync(read + 1);
        var folds = Folds;
        bool Others(long offset, IndexedMessage message) =>
            !string.Equals(message.SenderId, caller.UserId, StringComparison.Ordinal) && !(folds.TryGet(offset, out var fold) && fold.Deleted);
        var unread = index.Count(read, (offset, message) => !message.Reply && Others(offset, message));
        var mentions = index.Count(read, (offset, message) => message.Mentioning(caller.UserId) && Others(offset, message));
        return new UnreadCount(state.State.Epoch, read, LastOffset, unread, mentions);
    }

    /// <summary>
    /// A member who joined before read positions were kept starts at the room's end (nothing old turns
    /// unread) and is kept from then on; a reader who never joined has read everything until it marks, and
    /// is not stored: asking does not grow the room's state.
    /// </summary>
    private long ReadOffsetOf(string userId)
    {
        if (state.State.ReadOffsets.TryGetValue(userId, out var read))
        {
            return read;
        }
        if (state.State.Members.Contains(userId))
        {
            state.State.ReadOffsets[userId] = LastOffset;
            ScheduleRoomWrite();
        }
        return LastOffset;
    }

    /// <summary>The index, reaching back to <paramref name="from"/> (or the oldest retained event).</summary>
    private async Task<MessageIndex> IndexFromAsync(long from)
    {
        var index = _index ??= new MessageIndex(LastOffset);
        if (from >= index.From)
        {
            return index;
        }
        var older = new List<(long Offset, IndexedMessage? Message)>();
        var after = from - 1;
        while (after < index.From - 1)
        {
            var entries = await log.ReadAfterAsync(Topic, after, IndexPage, CancellationToken.None);
            foreach (var entry in entries.Where(e => e.Offset < index.From))
            {
                older.Add((entry.Offset, IndexedMessage.Of(ChatServerFrame.Parser.ParseFrom(entry.Data).Message)));
            }
            if (entries.Length < IndexPage || entries[^1].Offset >= index.From - 1)
            {
                break;
            }
            after = entries[^1].Offset;
        }
        index.Prepend(older, from);
        return index;
    }
}
