using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Protos;
using Realtime.Protos.Collab.V1;
using Realtime.Server.Auth;
using Realtime.Server.Errors;
using Realtime.Server.Hosting;
using Realtime.Server.Streams;
using Realtime.Streaming;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Collab;

/// <summary>Runs one bidirectional Collaborate stream: commands in, edits, cursors and answers out through one outbox.</summary>
public sealed class CollabStreamHandler(
    CollabStreamFrames frames,
    TopicGrainResolver grains,
    IOptions<StreamingOptions> streaming,
    IOptions<ServerOptions> server,
    CollabConnectionServices services,
    StreamRunner runner,
    ILogger<CollabStreamHandler> logger)
{
    public async Task RunAsync(IAsyncStreamReader<CollabClientFrame> requests, IServerStreamWriter<CollabServerFrame> responses, ServerCallContext context)
    {
        var outbox = new StreamOutbox<CollabServerFrame>(frames, grains, streaming.Value, logger);
        await context.WriteResponseHeadersAsync(new Metadata { { StreamHeaders.Accepted, "1" } });
        await using var connection = new DocumentConnection<CollabServerFrame>(ConnectionIds.New(), context.UserId(), outbox, frame => frame, services);
        await runner.RunAsync(
            outbox,
            cancellationToken => CommandLoop.RunAsync(requests, outbox, (command, ct) => DispatchAsync(command, connection, ct), CollabFrames.Error, cancellationToken),
            CommandLoop.Writer(responses, context),
            () => new CollabServerFrame { Reconnect = CollabFrames.ReconnectHint(connection.DocumentPositions(), server.Value.ReconnectRetryAfter) },
            context.CancellationToken);
    }

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
