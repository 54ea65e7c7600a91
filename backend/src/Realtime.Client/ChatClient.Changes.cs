using Grpc.Core;
using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    private readonly Dictionary<string, PendingChange> _pendingChanges = new(StringComparer.Ordinal);

    /// <summary>
    /// Replaces the content of the caller's own message at <paramref name="messageOffset"/>. Retried like
    /// <see cref="SendAsync(string, string, string?, CancellationToken)"/> with the same change id, so it is stored once;
    /// fails with PermissionDenied for someone else's message, FailedPrecondition for a deleted one.
    /// </summary>
    public Task<ChangeAck> EditAsync(string roomId, long messageOffset, string content, string? clientChangeId = null, CancellationToken cancellationToken = default)
    {
        var id = clientChangeId ?? NewId();
        return ChangeAsync(roomId, id, new ChatClientFrame { Edit = new EditMessage { RoomId = roomId, MessageOffset = messageOffset, ClientChangeId = id, Content = content } }, cancellationToken);
    }

    /// <summary>Deletes a message (the caller's own, or anyone's when the caller moderates the room); retried like an edit.</summary>
    public Task<ChangeAck> DeleteAsync(string roomId, long messageOffset, string? clientChangeId = null, CancellationToken cancellationToken = default)
    {
        var id = clientChangeId ?? NewId();
        return ChangeAsync(roomId, id, new ChatClientFrame { Delete = new DeleteMessage { RoomId = roomId, MessageOffset = messageOffset, ClientChangeId = id } }, cancellationToken);
    }

    /// <summary>Adds (or with <paramref name="remove"/> takes back) the caller's <paramref name="emoji"/> on a message; retried like an edit.</summary>
    public Task<ChangeAck> ReactAsync(string roomId, long messageOffset, string emoji, bool remove = false, string? clientChangeId = null, CancellationToken cancellationToken = default)
    {
        var id = clientChangeId ?? NewId();
        var react = new ReactToMessage { RoomId = roomId, MessageOffset = messageOffset, ClientChangeId = id, Emoji = emoji, Remove = remove };
        return ChangeAsync(roomId, id, new ChatClientFrame { React = react }, cancellationToken);
    }

    /// <summary>What a message said as sent and after each edit, oldest first.</summary>
    public async Task<ListMessageVersionsResponse> ListMessageVersionsAsync(string roomId, long messageOffset, CancellationToken cancellationToken = default) =>
        await _api.ListMessageVersionsAsync(new ListMessageVersionsRequest { RoomId = roomId, MessageOffset = messageOffset }, await CallOptionsAsync(cancellationToken));

    private static string NewId() => Guid.NewGuid().ToString("N");

    private async Task<ChangeAck> ChangeAsync(string roomId, string clientChangeId, ChatClientFrame command, CancellationToken cancellationToken)
    {
        PendingChange pending;
        bool live;
        lock (_gate)
        {
            if (!_rooms.TryGetValue(roomId, out var room))
            {
                throw new InvalidOperationException($"Join room '{roomId}' before changing its messages.");
            }
            if (!_pendingChanges.TryGetValue(clientChangeId, out pending!))
            {
                pending = new PendingChange(++_sequence, roomId, command);
                _pendingChanges.Add(clientChangeId, pending);
            }
            live = room.Live;
        }
        if (live)
        {
            // Otherwise it goes out, with the room's unacked sends, once the room's (re)join is confirmed.
            await WriteIfConnectedAsync(command);
        }
        return await pending.Ack.Task.WaitAsync(cancellationToken);
    }

    private void Acknowledge(ChangeAck ack)
    {
        if (_pendingChanges.Remove(ack.ClientChangeId, out var pending))
        {
            pending.Ack.TrySetResult(ack);
        }
    }

    /// <summary>
    /// A refused change: retried after a pause when a fault explains it (Unavailable, a rate limit); a
    /// FailedPrecondition is taken once for "not joined" (the room is rejoined and the change resent), a
    /// second time as the message's own state (deleted). Anything else fails the caller's task.
    /// </summary>
    private (bool Retrying, ChatClientFrame[] Write) FailChange(CommandError error, StatusCode code, TimeSpan pause)
    {
        if (!_pendingChanges.TryGetValue(error.ClientChangeId, out var pending))
        {
            return (false, []);
        }
        if (_rooms.TryGetValue(pending.RoomId, out var room))
        {
            if (code == StatusCode.Unavailable || (code == StatusCode.ResourceExhausted && error.Error.RetryAfter is not null))
            {
                ResendLater(room, pause);
                return (true, []);
            }
            if (code == StatusCode.FailedPrecondition && !pending.RejoinedOnce)
            {
                pending.RejoinedOnce = true;
                return (true, Rejoin(room));
            }
        }
        _pendingChanges.Remove(error.ClientChangeId);
        pending.Ack.TrySetException(new RpcException(new Status(code, error.Error.Message)));
        return (false, []);
    }

    private IEnumerable<(long Sequence, ChatClientFrame Frame)> UnackedChanges(string roomId) =>
        _pendingChanges.Values.Where(c => c.RoomId == roomId).Select(c => (c.Sequence, c.Command));

    private void FailChanges(Func<PendingChange, bool> which, Exception reason)
    {
        foreach (var (id, pending) in _pendingChanges.Where(p => which(p.Value)).ToArray())
        {
            _pendingChanges.Remove(id);
            pending.Ack.TrySetException(reason);
        }
    }
}
