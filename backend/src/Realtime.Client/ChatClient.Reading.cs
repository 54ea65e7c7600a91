using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    /// <summary>
    /// Moves the user's read position in a room forward to <paramref name="offset"/> (never back) and returns the room's unread count
    /// after it; the user's other streams in the room get a <see cref="ReadPositionMoved"/> with the count.
    /// </summary>
    public async Task<RoomUnread> MarkReadAsync(string roomId, long offset, CancellationToken cancellationToken = default) =>
        (await _api.MarkReadAsync(new MarkReadRequest { RoomId = roomId, Offset = offset }, await CallOptionsAsync(cancellationToken))).Room;

    /// <summary>The user's unread count in each room (up to 1,000), in the order asked; a room it may not read carries an error instead.</summary>
    public async Task<IReadOnlyList<RoomUnread>> GetUnreadCountsAsync(IEnumerable<string> roomIds, CancellationToken cancellationToken = default)
    {
        var request = new GetUnreadCountsRequest();
        request.RoomIds.AddRange(roomIds);
        return (await _api.GetUnreadCountsAsync(request, await CallOptionsAsync(cancellationToken))).Rooms;
    }

    /// <summary>Where the room's members have read up to, furthest first; FailedPrecondition unless the room shows read receipts.</summary>
    public async Task<IReadOnlyList<ReadReceipt>> ListReadReceiptsAsync(string roomId, int pageSize = 0, CancellationToken cancellationToken = default) =>
        (await _api.ListReadReceiptsAsync(new ListReadReceiptsRequest { RoomId = roomId, PageSize = pageSize }, await CallOptionsAsync(cancellationToken))).Receipts;
}
