using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Protos.Collab.V1;
using Realtime.Server.Hosting;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Collab;

/// <summary>Runs one bidirectional Collaborate stream: commands in, edits, cursors and answers out through one outbox.</summary>
public sealed class CollabStreamHandler(
    CollabStreamFrames frames,
    CollabConnectionServices services,
    BidiStreamRunner runner,
    IOptions<ServerOptions> server,
    ILogger<CollabStreamHandler> logger)
{
    public Task RunAsync(IAsyncStreamReader<CollabClientFrame> requests, IServerStreamWriter<CollabServerFrame> responses, ServerCallContext context) =>
        runner.RunAsync(requests, responses, context, new BidiStreamKind<CollabClientFrame, CollabServerFrame, DocumentConnection<CollabServerFrame>>(
            frames,
            outbox => new DocumentConnection<CollabServerFrame>(ConnectionIds.New(), context.Caller(), outbox, frame => frame, services),
            DispatchAsync,
            CollabFrames.Error,
            connection => new CollabServerFrame { Reconnect = CollabFrames.ReconnectHint(connection.DocumentPositions(), server.Value.ReconnectRetryAfter) }),
            logger);

    private static Task DispatchAsync(CollabClientFrame command, DocumentConnection<CollabServerFrame> connection, CancellationToken cancellationToken) =>
        command.CommandCase switch
        {
            CollabClientFrame.CommandOneofCase.Open => connection.OpenAsync(command.Open, cancellationToken),
            CollabClientFrame.CommandOneofCase.Close => connection.CloseAsync(command.Close.DocumentId, cancellationToken),
            CollabClientFrame.CommandOneofCase.Edit => connection.SubmitAsync(command.Edit, cancellationToken),
            CollabClientFrame.CommandOneofCase.Cursor => connection.UpdateCursorAsync(command.Cursor),
            _ => throw CommandException.Invalid([new Violation("command", "is empty or of a kind this server does not know")]),
        };
}
