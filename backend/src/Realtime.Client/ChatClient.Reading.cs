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

    /// <summary>The user's notifications (mentions in any room it may read), newest first, older than <paramref name="beforeOffset"/> (0: the newest).</summary>
    public async Task<ListNotificationsResponse> ListNotificationsAsync(int pageSize = 0, long beforeOffset = 0, CancellationToken cancellationToken = default) =>
        await _api.ListNotificationsAsync(new ListNotificationsRequest { PageSize = pageSize, BeforeOffset = beforeOffset }, await CallOptionsAsync(cancellationToken));

    /// <summary>Moves the user's seen position in its notifications forward to <paramref name="offset"/>.</summary>
    public async Task<InboxPosition> MarkNotificationsSeenAsync(long offset, CancellationToken cancellationToken = default) =>
        (await _api.MarkNotificationsSeenAsync(new MarkNotificationsSeenRequest { Offset = offset }, await CallOptionsAsync(cancellationToken))).Position;

    /// <summary>Where the room's members have read up to, furthest first; FailedPrecondition unless the room shows read receipts.</summary>
    public async Task<IReadOnlyList<ReadReceipt>> ListReadReceiptsAsync(string roomId, int pageSize = 0, CancellationToken cancellationToken = default) =>
        (await _api.ListReadReceiptsAsync(new ListReadReceiptsRequest { RoomId = roomId, PageSize = pageSize }, await CallOptionsAsync(cancellationToken))).Receipts;
}
