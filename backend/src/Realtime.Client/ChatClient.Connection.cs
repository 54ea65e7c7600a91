using Grpc.Core;
using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    /// <summary>The chat side of the shared connection loop.</summary>
    private sealed class Session(ChatClient client) : IStreamSession<ChatClientFrame, ChatServerFrame>
    {
        /// <summary>Rejoins every room from its position and resends unacked messages, before any new command goes out.</summary>
        public IReadOnlyList<ChatClientFrame> Resubscribe()
        {
            lock (client._gate)
            {
                return
                [
                    .. client._rooms.Values.Select(r => new ChatClientFrame { Join = r.JoinCommand() }),
                    .. client._pending.Values.OrderBy(p => p.Sequence).Select(p => new ChatClientFrame { Send = p.Command }),
                ];
            }
        }

        public TimeSpan? ReconnectHint(ChatServerFrame frame) =>
            frame.Reconnect is { } hint ? TimeSpan.FromMilliseconds(hint.RetryAfterMs) : null;

        public ValueTask HandleAsync(ChatServerFrame frame, CancellationToken cancellationToken) =>
            client.Apply(frame) ? client._events.Writer.WriteAsync(frame, cancellationToken) : ValueTask.CompletedTask;

        public void Stopped(Exception reason)
        {
            client._events.Writer.TryComplete();
            client.FailPending(reason);
        }
    }

    /// <summary>Updates positions and pending commands; false if the frame is not for the application.</summary>
    private bool Apply(ChatServerFrame frame)
    {
        lock (_gate)
        {
            switch (frame.EventCase)
            {
                case ChatServerFrame.EventOneofCase.Joined when _rooms.TryGetValue(frame.Joined.RoomId, out var room):
                    if (room.Epoch is null)
                    {
                        room.Epoch = frame.Joined.Position.Epoch;
                        room.Offset = frame.Joined.Position.Offset;
                    }
                    room.Joining?.TrySetResult(frame.Joined);
                    room.Joining = null;
                    return true;
                case ChatServerFrame.EventOneofCase.Message:
                    return _rooms.TryGetValue(frame.Message.RoomId, out var target) && target.Accept(frame.Message);
                case ChatServerFrame.EventOneofCase.ContinuityLost when _rooms.TryGetValue(frame.ContinuityLost.RoomId, out var lost):
                    lost.Epoch = frame.ContinuityLost.Position.Epoch;
                    lost.Offset = frame.ContinuityLost.Position.Offset;
                    return true;
                case ChatServerFrame.EventOneofCase.Ack:
                    if (_pending.Remove(frame.Ack.ClientMessageId, out var acked))
                    {
                        acked.Ack.TrySetResult(frame.Ack);
                    }
                    return false;
                case ChatServerFrame.EventOneofCase.Error:
                    FailCommand(frame.Error);
                    return true;
                case ChatServerFrame.EventOneofCase.Left when frame.Left.Reason is { } reason:
                    Removed(frame.Left.RoomId, new RpcException(new Status((StatusCode)reason.Code, reason.Message)));
                    return true;
                default:
                    return true;
            }
        }
    }

    /// <summary>The server took this client out of a room (its access was revoked): not rejoined on reconnect, its unacked sends fail.</summary>
    private void Removed(string roomId, RpcException reason)
    {
        _rooms.Remove(roomId);
        foreach (var (id, pending) in _pending.Where(p => p.Value.Command.RoomId == roomId).ToArray())
        {
            _pending.Remove(id);
            pending.Ack.TrySetException(reason);
        }
    }

    private void FailCommand(CommandError error)
    {
        if (error.Error.Code == (int)StatusCode.Unavailable)
        {
            // The room's grain is moving (e.g. its silo died): try again after a pause. A resend is
            // idempotent by its id; a rejoin resumes from the room's position.
            if (error.Command == CommandKind.Send && _pending.TryGetValue(error.ClientMessageId, out var retry))
            {
                _ = RetryLaterAsync(() => _pending.ContainsKey(retry.Command.ClientMessageId) ? new ChatClientFrame { Send = retry.Command } : null);
                return;
            }
            if (error.Command == CommandKind.Join && _rooms.TryGetValue(error.RoomId, out var rejoin))
            {
                _ = RetryLaterAsync(() => _rooms.ContainsKey(rejoin.RoomId) ? new ChatClientFrame { Join = rejoin.JoinCommand() } : null);
                return;
            }
        }
        var exception = new RpcException(new Status((StatusCode)error.Error.Code, error.Error.Message));
        if (error.Command == CommandKind.Send && _pending.Remove(error.ClientMessageId, out var send))
        {
            send.Ack.TrySetException(exception);
        }
        if (error.Command == CommandKind.Join && _rooms.Remove(error.RoomId, out var room))
        {
            room.Joining?.TrySetException(exception);
        }
    }

    /// <summary>After a pause, sends the command <paramref name="command"/> builds (under the lock), unless it returns null.</summary>
    private async Task RetryLaterAsync(Func<ChatClientFrame?> command)
    {
        try
        {
            await Task.Delay(UnavailableRetryDelay, _stream.Stopping);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        ChatClientFrame? frame;
        lock (_gate)
        {
            frame = command();
        }
        if (frame is not null)
        {
            await WriteIfConnectedAsync(frame);
        }
    }

    private void FailPending(Exception exception)
    {
        lock (_gate)
        {
            foreach (var send in _pending.Values)
            {
                send.Ack.TrySetException(exception);
            }
            foreach (var room in _rooms.Values)
            {
                room.Joining?.TrySetException(exception);
            }
            _pending.Clear();
        }
    }
}
