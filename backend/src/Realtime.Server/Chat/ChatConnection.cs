using System.Collections.Concurrent;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Errors;
using Realtime.Streaming;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Chat;

/// <summary>
/// The chat side of one open stream (a bidi Chat stream or a browser session): the rooms it has
/// joined and the commands it may issue. Identity is the connection's token subject; nothing in a
/// command can change it. Answers (joined, acks, left) go to the stream's outbox in command order.
/// </summary>
public sealed partial class ChatConnection<TFrame>(
    string connectionId,
    string userId,
    StreamOutbox<TFrame> outbox,
    Func<ChatServerFrame, TFrame> wrap,
    ChatConnectionServices services) : IAsyncDisposable where TFrame : class
{
    private readonly ConcurrentDictionary<string, Subscription> _rooms = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _membership = new(1, 1);

    public string UserId => userId;

    public async Task<RoomJoined> JoinAsync(JoinRoom? join, CancellationToken cancellationToken)
    {
        services.Validator.Join(join);
        var roomId = join!.RoomId;
        await _membership.WaitAsync(cancellationToken);
        try
        {
            if (_rooms.ContainsKey(roomId))
            {
                throw new CommandException(StatusCode.FailedPrecondition, $"Room '{roomId}' is already joined on this stream.");
            }
            if (_rooms.Count >= services.Options.Value.MaxRoomsPerStream)
            {
                throw new CommandException(StatusCode.ResourceExhausted, $"A stream may join at most {services.Options.Value.MaxRoomsPerStream} rooms.");
            }
            var lease = new PresenceLease(connectionId, userId);
            var room = Room(roomId);
            var result = await CallAsync(() => room.JoinAsync(lease));
            var start = join.ResumeFrom is { } resume
                ? new StreamPosition(resume.Epoch, resume.Offset)
                : new StreamPosition(result.Room.Epoch, result.Room.LastOffset);
            var subscription = new Subscription(Topics.Chat(roomId), lease, outbox, start);
            await services.Hub.SubscribeAsync(subscription, cancellationToken);
            _rooms[roomId] = subscription;
            var joined = ChatFrames.Joined(result);
            await outbox.StartAsync(subscription, wrap(new ChatServerFrame { Joined = joined }), cancellationToken);
            return joined;
        }
        finally
        {
            _membership.Release();
        }
    }

    public async Task LeaveAsync(string roomId, CancellationToken cancellationToken)
    {
        services.Validator.Room("leave.room_id", roomId);
        await _membership.WaitAsync(cancellationToken);
        try
        {
            if (!_rooms.TryRemove(roomId, out var subscription))
            {
                throw NotJoined(roomId);
            }
            await services.Hub.UnsubscribeAsync(subscription);
            await CallAsync(() => Room(roomId).LeaveAsync(connectionId));
            await outbox.EnqueueAsync(wrap(new ChatServerFrame { Left = new RoomLeft { RoomId = roomId } }), cancellationToken);
        }
        finally
        {
            _membership.Release();
        }
    }

    public async Task<MessageAck> SendAsync(SendMessage? send, CancellationToken cancellationToken)
    {
        services.Validator.Send(send);
        if (!_rooms.ContainsKey(send!.RoomId))
        {
            throw NotJoined(send.RoomId);
        }
        var result = await CallAsync(() => Room(send.RoomId).SendAsync(userId, send.ClientMessageId, send.Content));
        var ack = ChatFrames.Ack(send.RoomId, send.ClientMessageId, result);
        await outbox.EnqueueAsync(wrap(new ChatServerFrame { Ack = ack }), cancellationToken);
        return ack;
    }

    public async Task SetTypingAsync(SetTyping? typing)
    {
        services.Validator.Typing(typing);
        if (!_rooms.ContainsKey(typing!.RoomId))
        {
            throw NotJoined(typing.RoomId);
        }
        await CallAsync(() => Room(typing.RoomId).SetTypingAsync(userId, typing.Typing));
    }

    /// <summary>Where each joined room's client stands: what it has been sent so far.</summary>
    public IEnumerable<RoomPosition> RoomPositions() =>
        _rooms.Select(room => new RoomPosition { RoomId = room.Key, Position = ChatFrames.Position(room.Value.Position) });

    public async ValueTask DisposeAsync()
    {
        foreach (var (roomId, subscription) in _rooms)
        {
            await services.Hub.UnsubscribeAsync(subscription);
            try
            {
                await Room(roomId).LeaveAsync(connectionId);
            }
            catch (Exception ex)
            {
                // The presence lease expires on its own; nothing else depends on this call.
                LogLeaveFailed(services.Logger, ex, roomId);
            }
        }
        _rooms.Clear();
        _membership.Dispose();
    }

    private IChatRoomGrain Room(string roomId) => services.Grains.GetGrain<IChatRoomGrain>(roomId);

    private static CommandException NotJoined(string roomId) =>
        new(StatusCode.FailedPrecondition, $"Room '{roomId}' is not joined on this stream; join it first.");

    private async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not CommandException and not OperationCanceledException)
        {
            throw Map(ex);
        }
    }

    private async Task CallAsync(Func<Task> call) => await CallAsync(async () =>
    {
        await call();
        return true;
    });

    private CommandException Map(Exception exception)
    {
        if (exception is ChatRoomException room)
        {
            return ChatRoomErrors.ToCommandException(room);
        }
        LogGrainCallFailed(services.Logger, exception);
        return new CommandException(StatusCode.Unavailable, "The room is temporarily unavailable; retry.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving room {RoomId} on disconnect failed")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception, string roomId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A chat room call failed")]
    private static partial void LogGrainCallFailed(ILogger logger, Exception exception);
}
