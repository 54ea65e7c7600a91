using Grpc.Core;
using Realtime.Protos;
using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    private async Task RunAsync()
    {
        var backoff = new ReconnectBackoff(_options.InitialReconnectDelay, _options.MaxReconnectDelay);
        while (!_stop.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                delay = await RunConnectionAsync(backoff) ?? backoff.Next();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException ex) when (!_connected.Task.IsCompleted && ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                _connected.TrySetException(ex);
                break;
            }
            catch (Exception ex) when (ex is RpcException or IOException or HttpRequestException)
            {
                delay = backoff.Next();
            }
            try
            {
                await Task.Delay(delay, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _events.Writer.TryComplete();
        FailPending(new ObjectDisposedException(nameof(ChatClient)));
    }

    /// <summary>One stream, from open to end. Returns the server's requested reconnect delay, if it sent one.</summary>
    private async Task<TimeSpan?> RunConnectionAsync(ReconnectBackoff backoff)
    {
        var token = await _options.TokenProvider(_stop.Token);
        using var call = _api.Chat(new Metadata { { "authorization", $"Bearer {token}" } }, cancellationToken: _stop.Token);
        var headers = await call.ResponseHeadersAsync;
        if (headers.Get(StreamHeaders.Accepted) is null)
        {
            // Refused: reading surfaces the status (Unauthenticated, …).
            await call.ResponseStream.MoveNext(_stop.Token);
            throw new RpcException(new Status(StatusCode.Unknown, "The server did not accept the stream."));
        }
        await ResubscribeAsync(call.RequestStream);
        Interlocked.Increment(ref _connections);
        _connected.TrySetResult();
        backoff.Reset();
        TimeSpan? retryAfter = null;
        try
        {
            await foreach (var frame in call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                if (frame.Reconnect is { } hint)
                {
                    retryAfter = TimeSpan.FromMilliseconds(hint.RetryAfterMs);
                    continue;
                }
                await HandleAsync(frame);
            }
        }
        finally
        {
            await _writeLock.WaitAsync(CancellationToken.None);
            Volatile.Write(ref _requests, null);
            _writeLock.Release();
        }
        return retryAfter;
    }

    /// <summary>Rejoins every room from its position and resends unacked messages, before any new command goes out.</summary>
    private async Task ResubscribeAsync(IClientStreamWriter<ChatClientFrame> requests)
    {
        await _writeLock.WaitAsync(_stop.Token);
        try
        {
            JoinRoom[] joins;
            SendMessage[] sends;
            lock (_gate)
            {
                joins = [.. _rooms.Values.Select(r => r.JoinCommand())];
                sends = [.. _pending.Values.OrderBy(p => p.Sequence).Select(p => p.Command)];
            }
            foreach (var join in joins)
            {
                await requests.WriteAsync(new ChatClientFrame { Join = join });
            }
            foreach (var send in sends)
            {
                await requests.WriteAsync(new ChatClientFrame { Send = send });
            }
            Volatile.Write(ref _requests, requests);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task HandleAsync(ChatServerFrame frame)
    {
        if (!Apply(frame))
        {
            return;
        }
        await _events.Writer.WriteAsync(frame, _stop.Token);
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
                default:
                    return true;
            }
        }
    }

    private void FailCommand(CommandError error)
    {
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
