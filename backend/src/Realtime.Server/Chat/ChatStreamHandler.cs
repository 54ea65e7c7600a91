using System.Threading.Channels;
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
public sealed partial class ChatStreamHandler(
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
            cancellationToken => ReadCommandsAsync(requests, connection, outbox, cancellationToken),
            (frame, more) => WriteAsync(responses, context, frame, more),
            () => new ChatServerFrame { Reconnect = ChatFrames.ReconnectHint(connection.RoomPositions(), server.Value.ReconnectRetryAfter) },
            context.CancellationToken);
    }

    private static Task WriteAsync(IServerStreamWriter<ChatServerFrame> responses, ServerCallContext context, ChatServerFrame frame, bool more)
    {
        // Frames already waiting go out in one flush.
        context.WriteOptions = more ? new WriteOptions(WriteFlags.BufferHint) : WriteOptions.Default;
        return responses.WriteAsync(frame);
    }

    private async Task ReadCommandsAsync(
        IAsyncStreamReader<ChatClientFrame> requests,
        ChatConnection<ChatServerFrame> connection,
        StreamOutbox<ChatServerFrame> outbox,
        CancellationToken cancellationToken)
    {
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                var command = requests.Current;
                try
                {
                    await DispatchAsync(command, connection, cancellationToken);
                }
                catch (CommandException error)
                {
                    await outbox.EnqueueAsync(ChatFrames.Error(command, error), cancellationToken);
                }
            }
        }
        catch (ChannelClosedException)
        {
            LogStoppedReading(logger, connection.UserId);
        }
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stream of {UserId} is closing; no more commands are taken")]
    private static partial void LogStoppedReading(ILogger logger, string userId);
}
