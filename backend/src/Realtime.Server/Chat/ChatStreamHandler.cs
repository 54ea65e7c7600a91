using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Protos;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Auth;
using Realtime.Server.Errors;
using Realtime.Server.Hosting;
using Realtime.Server.Streams;
using Realtime.Streaming;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Chat;

/// <summary>Runs one bidirectional Chat stream: commands in, events and answers out through one outbox.</summary>
public sealed class ChatStreamHandler(
    ChatStreamFrames frames,
    TopicGrainResolver grains,
    IOptions<StreamingOptions> streaming,
    IOptions<ServerOptions> server,
    ChatConnectionServices services,
    StreamRunner runner,
    ILogger<ChatStreamHandler> logger)
{
    public async Task RunAsync(IAsyncStreamReader<ChatClientFrame> requests, IServerStreamWriter<ChatServerFrame> responses, ServerCallContext context)
    {
        var outbox = new StreamOutbox<ChatServerFrame>(frames, grains, streaming.Value, logger);
        // Headers first: the client knows the stream was accepted before it sends anything.
        await context.WriteResponseHeadersAsync(new Metadata { { StreamHeaders.Accepted, "1" } });
        await using var connection = new ChatConnection<ChatServerFrame>(ConnectionIds.New(), context.UserId(), outbox, frame => frame, services);
        await runner.RunAsync(
            outbox,
            cancellationToken => CommandLoop.RunAsync(requests, outbox, (command, ct) => DispatchAsync(command, connection, ct), ChatFrames.Error, cancellationToken),
            CommandLoop.Writer(responses, context),
            () => new ChatServerFrame { Reconnect = ChatFrames.ReconnectHint(connection.RoomPositions(), server.Value.ReconnectRetryAfter) },
            context.CancellationToken);
    }

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
