using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Hosting;
using Realtime.Server.Sessions;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Chat;

/// <summary>The ChatService edge: identity from the token; the stream runs through the shared runner with this kind's connection, frames and commands, unary calls go to the queries.</summary>
[Authorize]
public sealed class ChatGrpcService(
    ChatQueries queries,
    SessionCommands commands,
    ChatEventFrames frames,
    ChatConnectionServices services,
    BidiStreamRunner runner,
    IOptions<ServerOptions> server,
    ILogger<ChatGrpcService> logger) : ChatService.ChatServiceBase
{
    public override Task Chat(IAsyncStreamReader<ChatClientFrame> requestStream, IServerStreamWriter<ChatServerFrame> responseStream, ServerCallContext context) =>
        RunStreamAsync(requestStream, responseStream, context);

    public override Task<CreateRoomResponse> CreateRoom(CreateRoomRequest request, ServerCallContext context) =>
        queries.CreateAsync(request, context.Caller());

    public override Task<GetRoomResponse> GetRoom(GetRoomRequest request, ServerCallContext context) => queries.GetAsync(request, context.Caller());

    public override Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context) => queries.ListMembersAsync(request, context.Caller());

    public override Task<ListRoomsResponse> ListRooms(ListRoomsRequest request, ServerCallContext context) => queries.ListRoomsAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListMessagesResponse> ListMessages(ListMessagesRequest request, ServerCallContext context) => queries.ListMessagesAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ModerateRoomResponse> ModerateRoom(ModerateRoomRequest request, ServerCallContext context) => queries.ModerateAsync(request, context.Caller());

    public override Task<MarkReadResponse> MarkRead(MarkReadRequest request, ServerCallContext context) => queries.MarkReadAsync(request, context.Caller());

    public override Task<GetUnreadCountsResponse> GetUnreadCounts(GetUnreadCountsRequest request, ServerCallContext context) => queries.GetUnreadCountsAsync(request, context.Caller());

    public override Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context) => queries.ListNotificationsAsync(request, context.Caller());

    public override Task<MarkNotificationsSeenResponse> MarkNotificationsSeen(MarkNotificationsSeenRequest request, ServerCallContext context) => queries.MarkNotificationsSeenAsync(request, context.Caller());

    public override Task<ListReadReceiptsResponse> ListReadReceipts(ListReadReceiptsRequest request, ServerCallContext context) => queries.ListReadReceiptsAsync(request, context.Caller());

    public override Task<ListThreadRepliesResponse> ListThreadReplies(ListThreadRepliesRequest request, ServerCallContext context) =>
        queries.ListThreadRepliesAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListPinnedMessagesResponse> ListPinnedMessages(ListPinnedMessagesRequest request, ServerCallContext context) =>
        queries.ListPinnedAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ListMessageVersionsResponse> ListMessageVersions(ListMessageVersionsRequest request, ServerCallContext context) =>
        queries.ListVersionsAsync(request, context.Caller(), context.CancellationToken);

    public override Task<ChangeMessageInSessionResponse> ChangeMessageInSession(ChangeMessageInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<ChangeMessageInSessionResponse>(request, context);

    public override Task<JoinRoomInSessionResponse> JoinRoomInSession(JoinRoomInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<JoinRoomInSessionResponse>(request, context);

    public override Task<LeaveRoomInSessionResponse> LeaveRoomInSession(LeaveRoomInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<LeaveRoomInSessionResponse>(request, context);

    public override Task<SendMessageInSessionResponse> SendMessageInSession(SendMessageInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<SendMessageInSessionResponse>(request, context);

    public override Task<SetTypingInSessionResponse> SetTypingInSession(SetTypingInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<SetTypingInSessionResponse>(request, context);

    private Task RunStreamAsync(IAsyncStreamReader<ChatClientFrame> requests, IServerStreamWriter<ChatServerFrame> responses, ServerCallContext context) =>
        runner.RunAsync(requests, responses, context, new BidiStreamKind<ChatClientFrame, ChatServerFrame, ChatConnection<ChatServerFrame>>(
            frames,
            outbox => new ChatConnection<ChatServerFrame>(ConnectionIds.New(), context.Caller(), outbox, frame => frame, services),
            DispatchAsync,
            ChatFrames.Error,
            connection => new ChatServerFrame { Reconnect = ChatFrames.ReconnectHint(connection.RoomPositions(), server.Value.ReconnectRetryAfter) },
            connection => new CommandRuns<ChatClientFrame>(
                command => command.CommandCase == ChatClientFrame.CommandOneofCase.Send ? command.Send.RoomId : null,
                command => command.Send?.ClientMessageId ?? ChatFrames.ChangeOf(command)?.ClientChangeId ?? "",
                command => connection.CheckSend(command.Send),
                (run, cancellationToken) => connection.SendManyAsync([.. run.Select(command => command.Send)], cancellationToken),
                services.Options.Value.MaxCommitBatch,
                command => ChatFrames.ChangeOf(command) is { } change ? $"changes/{change.RoomId}" : null)),
            logger);

    private static Task DispatchAsync(ChatClientFrame command, ChatConnection<ChatServerFrame> connection, CancellationToken cancellationToken) =>
        command.CommandCase switch
        {
            ChatClientFrame.CommandOneofCase.Join => connection.JoinAsync(command.Join, cancellationToken),
            ChatClientFrame.CommandOneofCase.Leave => connection.LeaveAsync(command.Leave.RoomId, cancellationToken),
            ChatClientFrame.CommandOneofCase.Send => connection.SendAsync(command.Send, cancellationToken),
            ChatClientFrame.CommandOneofCase.Typing => connection.SetTypingAsync(command.Typing),
            ChatClientFrame.CommandOneofCase.Edit => connection.EditAsync(command.Edit, cancellationToken),
            ChatClientFrame.CommandOneofCase.Delete => connection.DeleteAsync(command.Delete, cancellationToken),
            ChatClientFrame.CommandOneofCase.React => connection.ReactAsync(command.React, cancellationToken),
            ChatClientFrame.CommandOneofCase.Pin => connection.PinAsync(command.Pin, cancellationToken),
            _ => throw CommandException.UnknownCommand(),
        };
}
