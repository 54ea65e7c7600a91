using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Hosting;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Chat;

/// <summary>Runs one bidirectional Chat stream: commands in, events and answers out through one outbox.</summary>
public sealed class ChatStreamHandler(
    ChatStreamFrames frames,
    ChatConnectionServices services,
    BidiStreamRunner runner,
    IOptions<ServerOptions> server,
    ILogger<ChatStreamHandler> logger)
{
    public Task RunAsync(IAsyncStreamReader<ChatClientFrame> requests, IServerStreamWriter<ChatServerFrame> responses, ServerCallContext context) =>
        runner.RunAsync(requests, responses, context, new BidiStreamKind<ChatClientFrame, ChatServerFrame, ChatConnection<ChatServerFrame>>(
            frames,
            outbox => new ChatConnection<ChatServerFrame>(ConnectionIds.New(), context.Caller(), outbox, frame => frame, services),
            DispatchAsync,
            ChatFrames.Error,
            connection => new ChatServerFrame { Reconnect = ChatFrames.ReconnectHint(connection.RoomPositions(), server.Value.ReconnectRetryAfter) }),
            logger);

    private static Task DispatchAsync(ChatClientFrame command, ChatConnection<ChatServerFrame> connection, CancellationToken cancellationToken) =>
        command.CommandCase switch
        {
            ChatClientFrame.CommandOneofCase.Join => connection.JoinAsync(command.Join, cancellationToken),
            ChatClientFrame.CommandOneofCase.Leave => connection.LeaveAsync(command.Leave.RoomId, cancellationToken),
            ChatClientFrame.CommandOneofCase.Send => connection.SendAsync(command.Send, cancellationToken),
            ChatClientFrame.CommandOneofCase.Typing => connection.SetTypingAsync(command.Typing),
            _ => throw CommandException.Invalid([new Violation("command", "is empty or of a kind this server does not know")]),
        };
}
