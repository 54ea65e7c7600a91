using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    /// <summary>Pins a message to the room (with <paramref name="unpin"/>, unpins it); retried like an edit.</summary>
    public Task<ChangeAck> PinAsync(string roomId, long messageOffset, bool unpin = false, string? clientChangeId = null, CancellationToken cancellationToken = default)
    {
        var id = clientChangeId ?? NewId();
        return ChangeAsync(roomId, id, new ChatClientFrame { Pin = new PinMessage { RoomId = roomId, MessageOffset = messageOffset, ClientChangeId = id, Unpin = unpin } }, cancellationToken);
    }

    /// <summary>The room's pinned messages as they are now, the most recently pinned first.</summary>
    public async Task<IReadOnlyList<PinnedMessage>> ListPinnedMessagesAsync(string roomId, CancellationToken cancellationToken = default) =>
        (await _api.ListPinnedMessagesAsync(new ListPinnedMessagesRequest { RoomId = roomId }, await CallOptionsAsync(cancellationToken))).Pinned;
}
