using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    /// <summary>Moves the user's read position in a room forward to <paramref name="offset"/> (never back) and returns the room's unread count after it.</summary>
    public async Task<RoomUnread> MarkReadAsync(string roomId, long offset, CancellationToken cancellationToken = default) =>
        (await _api.MarkReadAsync(new MarkReadRequest { RoomId = roomId, Offset = offset }, await CallOptionsAsync(cancellationToken))).Room;

    /// <summary>The user's unread count in each room (up to 1,000), in the order asked; a room it may not read carries an error instead.</summary>
    public async Task<IReadOnlyList<RoomUnread>> GetUnreadCountsAsync(IEnumerable<string> roomIds, CancellationToken cancellationToken = default)
    {
        var request = new GetUnreadCountsRequest();
        request.RoomIds.AddRange(roomIds);
        return (await _api.GetUnreadCountsAsync(request, await CallOptionsAsync(cancellationToken))).Rooms;
    }
}
