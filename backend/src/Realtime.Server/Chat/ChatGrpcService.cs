using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Auth;
using Realtime.Server.Sessions;

namespace Realtime.Server.Chat;

/// <summary>The ChatService edge: identity from the token, then straight to the handler that owns the call.</summary>
[Authorize]
public sealed class ChatGrpcService(ChatStreamHandler streams, ChatQueries queries, SessionRegistry sessions) : ChatService.ChatServiceBase
{
    public override Task Chat(IAsyncStreamReader<ChatClientFrame> requestStream, IServerStreamWriter<ChatServerFrame> responseStream, ServerCallContext context) =>
        streams.RunAsync(requestStream, responseStream, context);

    public override Task<CreateRoomResponse> CreateRoom(CreateRoomRequest request, ServerCallContext context) =>
        queries.CreateAsync(request, context.UserId());

    public override Task<GetRoomResponse> GetRoom(GetRoomRequest request, ServerCallContext context) => queries.GetAsync(request);

    public override Task<ListRoomsResponse> ListRooms(ListRoomsRequest request, ServerCallContext context) => queries.ListRoomsAsync(request);

    public override Task<ListMessagesResponse> ListMessages(ListMessagesRequest request, ServerCallContext context) => queries.ListMessagesAsync(request);

    public override async Task<JoinRoomInSessionResponse> JoinRoomInSession(JoinRoomInSessionRequest request, ServerCallContext context) =>
        new() { Joined = await sessions.Session(request.SessionId, context.UserId()).Chat.JoinAsync(request.Join, context.CancellationToken) };

    public override async Task<LeaveRoomInSessionResponse> LeaveRoomInSession(LeaveRoomInSessionRequest request, ServerCallContext context)
    {
        await sessions.Session(request.SessionId, context.UserId()).Chat.LeaveAsync(request.RoomId, context.CancellationToken);
        return new LeaveRoomInSessionResponse();
    }

    public override async Task<SendMessageInSessionResponse> SendMessageInSession(SendMessageInSessionRequest request, ServerCallContext context) =>
        new() { Ack = await sessions.Session(request.SessionId, context.UserId()).Chat.SendAsync(request.Send, context.CancellationToken) };

    public override async Task<SetTypingInSessionResponse> SetTypingInSession(SetTypingInSessionRequest request, ServerCallContext context)
    {
        await sessions.Session(request.SessionId, context.UserId()).Chat.SetTypingAsync(request.Typing);
        return new SetTypingInSessionResponse();
    }
}
