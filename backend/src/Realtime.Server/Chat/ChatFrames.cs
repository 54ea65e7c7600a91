using Google.Protobuf.WellKnownTypes;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Access;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Streaming.Grpc.Wire;
using Realtime.Streaming.Outbox;
using ContinuityLost = Realtime.Protos.Chat.V1.ContinuityLost;
using StreamPosition = Realtime.Streaming.StreamPosition;
using WirePosition = Realtime.Protos.Common.V1.StreamPosition;

namespace Realtime.Server.Chat;

/// <summary>Builds chat wire messages from grain results and stream signals.</summary>
public static class ChatFrames
{
    public static WirePosition Position(StreamPosition position) => new() { Epoch = position.Epoch, Offset = position.Offset };

    /// <summary>The room as <paramref name="caller"/> sees it.</summary>
    public static Room Room(ChatRoomInfo info, Caller caller) => new()
    {
        RoomId = info.RoomId,
        DisplayName = info.DisplayName,
        CreatedBy = info.CreatedBy,
        CreateTime = Timestamp.FromDateTimeOffset(info.CreatedAt),
        Position = new WirePosition { Epoch = info.Epoch, Offset = info.LastOffset },
        Visibility = AccessPolicies.VisibilityOf(info.Access),
        CallerRole = AccessPolicies.ToWire(info.Access.RoleOf(caller)),
        ReadReceipts = info.ReadReceipts,
    };

    public static RoomJoined Joined(ChatJoinResult result)
    {
        var joined = new RoomJoined
        {
            RoomId = result.Room.RoomId,
            Position = new WirePosition { Epoch = result.Room.Epoch, Offset = result.Room.LastOffset },
            AccessRole = AccessPolicies.ToWire(result.Role),
            PresentCount = result.PresentCount,
            ReadReceipts = result.Room.ReadReceipts,
        };
        joined.Members.AddRange(result.Members.Select(PresenceFrames.Member));
        return joined;
    }

    /// <summary>What the room stores for a checked send: metadata only on a typed message, mentions given and found in the content.</summary>
    public static ChatDraft Draft(SendMessage send) =>
        new(
            send.ClientMessageId,
            send.Content,
            send.Kind,
            send.Metadata.Count == 0 ? null : new Dictionary<string, string>(send.Metadata),
            send.ThreadOffset,
            MessageMentions.Of(send) is { Length: > 0 } mentions ? mentions : null);

    public static MessageAck Ack(string roomId, string clientMessageId, ChatSendResult result) => new()
    {
        RoomId = roomId,
        ClientMessageId = clientMessageId,
        Epoch = result.Epoch,
        Offset = result.Offset,
        SentAt = Timestamp.FromDateTimeOffset(result.SentAt),
        Duplicate = result.Duplicate,
    };

    public static InboxPosition InboxPosition(InboxPage page) => new() { SeenOffset = page.SeenOffset, LastOffset = page.LastOffset, UnseenCount = page.Unseen };

    public static ChangeAck ChangeAck(string roomId, string clientChangeId, ChatSendResult result) => new()
    {
        RoomId = roomId,
        ClientChangeId = clientChangeId,
        Epoch = result.Epoch,
        Offset = result.Offset,
        Duplicate = result.Duplicate,
    };

    public static ContinuityLost ContinuityLost(string roomId, ContinuityLoss loss)
    {
        var frame = new ContinuityLost
        {
            RoomId = roomId,
            Reason = loss.Reason.ToWire(),
            Position = Position(loss.Position),
        };
        frame.Snapshot.AddRange(loss.Snapshot.Events.Select(e => e.DecodedFrame(ChatServerFrame.Parser).Message));
        return frame;
    }

    public static ChatServerFrame Error(ChatClientFrame command, CommandException error) => new()
    {
        Error = new CommandError
        {
            Command = command.CommandCase switch
            {
                ChatClientFrame.CommandOneofCase.Join => CommandKind.Join,
                ChatClientFrame.CommandOneofCase.Leave => CommandKind.Leave,
                ChatClientFrame.CommandOneofCase.Send => CommandKind.Send,
                ChatClientFrame.CommandOneofCase.Typing => CommandKind.Typing,
                ChatClientFrame.CommandOneofCase.Edit => CommandKind.Edit,
                ChatClientFrame.CommandOneofCase.Delete => CommandKind.Delete,
                ChatClientFrame.CommandOneofCase.React => CommandKind.React,
                ChatClientFrame.CommandOneofCase.Pin => CommandKind.Pin,
                _ => CommandKind.Unspecified,
            },
            RoomId = command.Join?.RoomId ?? command.Leave?.RoomId ?? command.Send?.RoomId ?? command.Typing?.RoomId ?? ChangeOf(command)?.RoomId ?? "",
            ClientMessageId = command.Send?.ClientMessageId ?? "",
            ClientChangeId = ChangeOf(command)?.ClientChangeId ?? "",
            Error = error.ToErrorDetail(),
        },
    };

    /// <summary>The room and client change id of an edit, deletion, reaction or pin; null for any other command.</summary>
    public static (string RoomId, string ClientChangeId)? ChangeOf(ChatClientFrame command) => command.CommandCase switch
    {
        ChatClientFrame.CommandOneofCase.Edit => (command.Edit.RoomId, command.Edit.ClientChangeId),
        ChatClientFrame.CommandOneofCase.Delete => (command.Delete.RoomId, command.Delete.ClientChangeId),
        ChatClientFrame.CommandOneofCase.React => (command.React.RoomId, command.React.ClientChangeId),
        ChatClientFrame.CommandOneofCase.Pin => (command.Pin.RoomId, command.Pin.ClientChangeId),
        _ => null,
    };

    public static ReconnectHint ReconnectHint(IEnumerable<RoomPosition> rooms, TimeSpan retryAfter)
    {
        var hint = new ReconnectHint { Reason = "server shutting down", RetryAfterMs = (int)retryAfter.TotalMilliseconds };
        hint.Rooms.AddRange(rooms);
        return hint;
    }
}
