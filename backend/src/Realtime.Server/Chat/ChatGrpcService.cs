using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Sessions;
using Realtime.Streaming.Grpc.Identity;

namespace Realtime.Server.Chat;

/// <summary>The ChatService edge: identity from the token, then straight to the handler that owns the call.</summary>
[Authorize]
public sealed class ChatGrpcService(ChatStreamHandler streams, ChatQueries queries, SessionCommands commands) : ChatService.ChatServiceBase
{
    public override Task Chat(IAsyncStreamReader<ChatClientFrame> requestStream, IServerStreamWriter<ChatServerFrame> responseStream, ServerCallContext context) =>
        streams.RunAsync(requestStream, responseStream, context);

    public override Task<CreateRoomResponse> CreateRoom(CreateRoomRequest request, ServerCallContext context) =>
        queries.CreateAsync(request, context.Caller());

    public override Task<GetRoomResponse> GetRoom(GetRoomRequest request, ServerCallContext context) => queries.GetAsync(request, context.Caller());

    public override Task<ListRoomsResponse> ListRooms(ListRoomsRequest request, ServerCallContext context) => queries.ListRoomsAsync(request, context.Caller());

    public override Task<ListMessagesResponse> ListMessages(ListMessagesRequest request, ServerCallContext context) => queries.ListMessagesAsync(request, context.Caller(), context.CancellationToken);

    public override Task<JoinRoomInSessionResponse> JoinRoomInSession(JoinRoomInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<JoinRoomInSessionResponse>(request, context);

    public override Task<LeaveRoomInSessionResponse> LeaveRoomInSession(LeaveRoomInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<LeaveRoomInSessionResponse>(request, context);

    public override Task<SendMessageInSessionResponse> SendMessageInSession(SendMessageInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<SendMessageInSessionResponse>(request, context);

    public override Task<SetTypingInSessionResponse> SetTypingInSession(SetTypingInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<SetTypingInSessionResponse>(request, context);
}
