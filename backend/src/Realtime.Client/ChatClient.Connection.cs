using Grpc.Core;
using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    /// <summary>The chat side of the shared connection loop.</summary>
    private sealed class Session(ChatClient client) : IStreamSession<ChatClientFrame, ChatServerFrame>
    {
        /// <summary>
        /// Rejoins every room from its position, before any new command goes out. Unacked messages are
        /// resent with their ids once their room's rejoin is confirmed (see <see cref="Apply"/>).
        /// </summary>
        public IReadOnlyList<ChatClientFrame> Resubscribe()
        {
            lock (client._gate)
            {
                foreach (var room in client._rooms.Values)
                {
                    room.Live = false;
                }
                return [.. client._rooms.Values.Select(r => new ChatClientFrame { Join = r.JoinCommand() })];
            }
        }

        public TimeSpan? ReconnectHint(ChatServerFrame frame) =>
            frame.Reconnect is { } hint ? TimeSpan.FromMilliseconds(hint.RetryAfterMs) : null;

        public async ValueTask HandleAsync(ChatServerFrame frame, CancellationToken cancellationToken)
        {
            var (forApplication, resend) = client.Apply(frame);
            foreach (var command in resend)
            {
                await client.WriteIfConnectedAsync(command);
            }
            if (forApplication)
            {
                await client._events.Writer.WriteAsync(frame, cancellationToken);
            }
        }

        public void Stopped(Exception reason)
        {
            client._events.Writer.TryComplete();
            client.FailPending(reason);
        }
    }

    /// <summary>
    /// Updates positions and pending commands. Returns whether the application should see the frame,
    /// and the commands to write now (a confirmed join releases the room's waiting sends, in order).
    /// </summary>
    private (bool ForApplication, IReadOnlyList<ChatClientFrame> Write) Apply(ChatServerFrame frame)
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
                    return (true, GoLive(room));
                case ChatServerFrame.EventOneofCase.Message:
                    return (_rooms.TryGetValue(frame.Message.RoomId, out var target) && target.Accept(frame.Message.Epoch, frame.Message.Offset), []);
                case ChatServerFrame.EventOneofCase.Changed:
                    return (_rooms.TryGetValue(frame.Changed.RoomId, out var changed) && changed.Accept(frame.Changed.Epoch, frame.Changed.Offset), []);
                case ChatServerFrame.EventOneofCase.Moderated:
                    return (_rooms.TryGetValue(frame.Moderated.RoomId, out var moderated) && moderated.Accept(frame.Moderated.Epoch, frame.Moderated.Offset), []);
                case ChatServerFrame.EventOneofCase.ChangeAck:
                    Acknowledge(frame.ChangeAck);
                    return (false, []);
                case ChatServerFrame.EventOneofCase.ContinuityLost when _rooms.TryGetValue(frame.ContinuityLost.RoomId, out var lost):
                    lost.Epoch = frame.ContinuityLost.Position.Epoch;
                    lost.Offset = frame.ContinuityLost.Position.Offset;
                    return (true, []);
                case ChatServerFrame.EventOneofCase.Ack:
                    if (_pending.Remove(frame.Ack.ClientMessageId, out var acked))
                    {
                        acked.Ack.TrySetResult(frame.Ack);
                    }
                    return (false, []);
                case ChatServerFrame.EventOneofCase.Error:
                    // A refusal the SDK retries is not the application's business; a final one is.
                    var (retrying, write) = FailCommand(frame.Error);
                    return (!retrying, write);
                case ChatServerFrame.EventOneofCase.Left when frame.Left.Reason is { } reason:
                    Removed(frame.Left.RoomId, new RpcException(new Status((StatusCode)reason.Code, reason.Message)));
                    return (true, []);
                default:
                    return (true, []);
            }
        }
    }

    /// <summary>The room is joined on this stream: its unacked sends and changes go out now, oldest first.</summary>
    private ChatClientFrame[] GoLive(RoomState room)
    {
        room.Live = true;
        return UnackedCommands(room);
    }

    private ChatClientFrame[] UnackedCommands(RoomState room) =>
    [
        .. _pending.Values.Where(p => p.Command.RoomId == room.RoomId).Select(p => (p.Sequence, Frame: new ChatClientFrame { Send = p.Command }))
            .Concat(UnackedChanges(room.RoomId))
            .OrderBy(p => p.Sequence)
            .Select(p => p.Frame),
    ];

    /// <summary>Rejoins a room the server says this stream has not joined; its unacked commands go again once it is live. A join on its way is not doubled.</summary>
    private static ChatClientFrame[] Rejoin(RoomState room)
    {
        if (!room.Live)
        {
            return [];
        }
        room.Live = false;
        return [new ChatClientFrame { Join = room.JoinCommand() }];
    }

    /// <summary>
    /// After a command was refused for a passing reason, the room's unacked commands go again together, oldest
    /// first (the refused one is the oldest: answers come in command order). The server refuses those
    /// behind a refused send until it comes again, so a burst is stored in the order it was sent.
    /// </summary>
    private void ResendLater(RoomState room, TimeSpan pause)
    {
        if (room.ResendScheduled)
        {
            return;
        }
        room.ResendScheduled = true;
        _ = _stream.WriteLaterAsync(pause, () =>
        {
            lock (_gate)
            {
                room.ResendScheduled = false;
                return _rooms.TryGetValue(room.RoomId, out var still) && ReferenceEquals(still, room) && room.Live ? UnackedCommands(room) : [];
            }
        });
    }

    /// <summary>The server took this client out of a room (its access was revoked): not rejoined on reconnect, its unacked commands fail.</summary>
    private void Removed(string roomId, RpcException reason)
    {
        _rooms.Remove(roomId);
        FailChanges(change => change.RoomId == roomId, reason);
        foreach (var (id, pending) in _pending.Where(p => p.Value.Command.RoomId == roomId).ToArray())
        {
            _pending.Remove(id);
            pending.Ack.TrySetException(reason);
        }
    }

    /// <summary>
    /// A refused command. What a fault explains is retried: Unavailable (a grain moving, storage away)
    /// and rate limits after a pause, a send refused as "not joined" (its stream was replaced) after the
    /// room's rejoin. Anything else (permission, invalid content) fails the caller's task. Returns whether
    /// the SDK retries (the application is not shown the error then) and the commands to write now.
    /// </summary>
    private (bool Retrying, ChatClientFrame[] Write) FailCommand(CommandError error)
    {
        var code = (StatusCode)error.Error.Code;
        var pause = error.Error.RetryAfter is { } after ? TimeSpan.FromTicks(Math.Max(after.ToTimeSpan().Ticks, UnavailableRetryDelay.Ticks)) : UnavailableRetryDelay;
        switch (error.Command)
        {
            case CommandKind.Send when _pending.TryGetValue(error.ClientMessageId, out var retry):
                if (code == StatusCode.Unavailable || (code == StatusCode.ResourceExhausted && error.Error.RetryAfter is not null))
                {
                    if (_rooms.TryGetValue(retry.Command.RoomId, out var refusedIn))
                    {
                        ResendLater(refusedIn, pause);
                    }
                    return (true, []);
                }
                if (code == StatusCode.FailedPrecondition && !retry.RejoinedOnce && _rooms.TryGetValue(retry.Command.RoomId, out var notJoined))
                {
                    retry.RejoinedOnce = true;
                    return (true, Rejoin(notJoined));
                }
                _pending.Remove(error.ClientMessageId);
                retry.Ack.TrySetException(new RpcException(new Status(code, error.Error.Message)));
                return (false, []);
            case CommandKind.Edit or CommandKind.Delete or CommandKind.React or CommandKind.Pin:
                return FailChange(error, code, pause);
            case CommandKind.Join when _rooms.TryGetValue(error.RoomId, out var rejoin):
                if (code == StatusCode.Unavailable)
                {
                    _ = RetryLaterAsync(pause, () => _rooms.TryGetValue(rejoin.RoomId, out var still) && ReferenceEquals(still, rejoin) ? new ChatClientFrame { Join = rejoin.JoinCommand() } : null);
                    return (true, []);
                }
                if (code == StatusCode.FailedPrecondition)
                {
                    // Already joined on this stream (a rejoin crossed the server's answer): it is live.
                    return (true, GoLive(rejoin));
                }
                _rooms.Remove(error.RoomId);
                rejoin.Joining?.TrySetException(new RpcException(new Status(code, error.Error.Message)));
                return (false, []);
            default:
                return (false, []);
        }
    }

    /// <summary>After a pause, sends the command <paramref name="command"/> builds (under the lock), unless it returns null.</summary>
    private Task RetryLaterAsync(TimeSpan pause, Func<ChatClientFrame?> command) => _stream.WriteLaterAsync(pause, () =>
    {
        lock (_gate)
        {
            return command();
        }
    });

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
            FailChanges(_ => true, exception);
        }
    }
}
