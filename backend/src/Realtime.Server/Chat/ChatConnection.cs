using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Streaming;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Streaming.Outbox;
using ErrorDetail = Realtime.Protos.Common.V1.ErrorDetail;

namespace Realtime.Server.Chat;

/// <summary>
/// The chat side of one open stream (a bidi Chat stream or a browser session): the rooms it has
/// joined and the commands it may issue. Answers (joined, acks, left) go to the stream's outbox in
/// command order.
/// </summary>
public sealed class ChatConnection<TFrame>(
    string connectionId,
    Caller caller,
    StreamOutbox<TFrame> outbox,
    Func<ChatServerFrame, TFrame> wrap,
    ChatConnectionServices services)
    : TopicConnection<TFrame>(connectionId, caller, outbox, services.Hub, services.Connections, services.Admission, services.Logger) where TFrame : class
{
    protected override string Noun => "room";

    protected override int MaxPerStream => services.Options.Value.MaxRoomsPerStream;

    public Task<RoomJoined> JoinAsync(JoinRoom? join, CancellationToken cancellationToken)
    {
        services.Validator.Join(join);
        var roomId = join!.RoomId;
        return SubscribeAsync(roomId, Topics.Chat(roomId), Delivery.Lossless, JoinActions.Join, async (admitted, lease) =>
        {
            var result = await Room(roomId).JoinAsync(admitted, lease);
            var start = join.ResumeFrom is { } resume
                ? new StreamPosition(resume.Epoch, resume.Offset)
                : new StreamPosition(result.Room.Epoch, result.Room.LastOffset);
            var joined = ChatFrames.Joined(result);
            return (start, joined, wrap(new ChatServerFrame { Joined = joined }));
        }, cancellationToken);
    }

    public Task LeaveAsync(string roomId, CancellationToken cancellationToken)
    {
        services.Validator.Room("leave.room_id", roomId);
        return UnsubscribeAsync(roomId, wrap(new ChatServerFrame { Left = new RoomLeft { RoomId = roomId } }), cancellationToken);
    }

    public async Task<MessageAck> SendAsync(SendMessage? send, CancellationToken cancellationToken)
    {
        var checkedSend = CheckSend(send);
        var result = await CallAsync(() => Room(checkedSend.RoomId).SendAsync(CallerIn(checkedSend.RoomId), ChatFrames.Draft(checkedSend)));
        var ack = ChatFrames.Ack(checkedSend.RoomId, checkedSend.ClientMessageId, result);
        await Outbox.EnqueueAsync(wrap(new ChatServerFrame { Ack = ack }), cancellationToken);
        return ack;
    }

    /// <summary>What <see cref="SendAsync"/> checks before it sends, for a send about to join a run.</summary>
    public SendMessage CheckSend(SendMessage? send)
    {
        services.Validator.Send(send);
        Joined(send!.RoomId);
        return send;
    }

    /// <summary>
    /// A run of checked sends to one room (<see cref="CheckSend"/>), stored by one grain call: the stored ones acked in
    /// order, the refused ones returned for the command loop to answer.
    /// </summary>
    public async Task<IReadOnlyList<CommandException?>> SendManyAsync(IReadOnlyList<SendMessage> sends, CancellationToken cancellationToken)
    {
        var roomId = sends[0].RoomId;
        var drafts = sends.Select(ChatFrames.Draft).ToArray();
        var outcomes = await CallAsync(() => Room(roomId).SendManyAsync(CallerIn(roomId), drafts));
        var refusals = new CommandException?[sends.Count];
        for (var i = 0; i < sends.Count; i++)
        {
            if (outcomes[i].Refusal is { } refusal)
            {
                refusals[i] = TopicErrors.ToCommandException(refusal);
                continue;
            }
            var ack = ChatFrames.Ack(roomId, sends[i].ClientMessageId, outcomes[i].Result!);
            await Outbox.EnqueueAsync(wrap(new ChatServerFrame { Ack = ack }), cancellationToken);
        }
        return refusals;
    }

    public Task<ChangeAck> EditAsync(EditMessage? edit, CancellationToken cancellationToken) => ChangeAsync(services.Validator.Edit(edit), cancellationToken);

    public Task<ChangeAck> DeleteAsync(DeleteMessage? delete, CancellationToken cancellationToken) => ChangeAsync(services.Validator.Delete(delete), cancellationToken);

    public Task<ChangeAck> ReactAsync(ReactToMessage? react, CancellationToken cancellationToken) => ChangeAsync(services.Validator.React(react), cancellationToken);

    public Task<ChangeAck> PinAsync(PinMessage? pin, CancellationToken cancellationToken) => ChangeAsync(services.Validator.Pin(pin), cancellationToken);

    private async Task<ChangeAck> ChangeAsync((string RoomId, ChatChange Change) command, CancellationToken cancellationToken)
    {
        var (roomId, change) = command;
        Joined(roomId);
        var result = await CallAsync(() => Room(roomId).ChangeAsync(CallerIn(roomId), change));
        var ack = ChatFrames.ChangeAck(roomId, change.ClientChangeId, result);
        await Outbox.EnqueueAsync(wrap(new ChatServerFrame { ChangeAck = ack }), cancellationToken);
        return ack;
    }

    public async Task SetTypingAsync(SetTyping? typing)
    {
        services.Validator.Typing(typing);
        Joined(typing!.RoomId);
        await CallAsync(() => Room(typing.RoomId).SetTypingAsync(CallerIn(typing.RoomId), typing.Typing));
    }

    /// <summary>Where each joined room's client stands: what it has been sent so far.</summary>
    public IEnumerable<RoomPosition> RoomPositions() =>
        Subscriptions.Select(room => new RoomPosition { RoomId = room.Key, Position = ChatFrames.Position(room.Value.Position) });

    protected override Task LeaveGrainAsync(string id) => Room(id).LeaveAsync(ConnectionId);

    protected override TFrame RemovedFrame(string id, ErrorDetail reason) => wrap(new ChatServerFrame { Left = new RoomLeft { RoomId = id, Reason = reason } });

    private IChatRoomGrain Room(string roomId) => services.Grains.GetGrain<IChatRoomGrain>(roomId);
}
