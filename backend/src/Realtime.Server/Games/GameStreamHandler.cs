using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Protos.Game.V1;
using Realtime.Server.Hosting;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Games;

/// <summary>Runs one bidirectional PlayGame stream: inputs in, the newest states and answers out through one outbox.</summary>
public sealed class GameStreamHandler(
    GameStreamFrames frames,
    GameConnectionServices services,
    BidiStreamRunner runner,
    IOptions<ServerOptions> server,
    ILogger<GameStreamHandler> logger)
{
    public Task RunAsync(IAsyncStreamReader<GameClientFrame> requests, IServerStreamWriter<GameServerFrame> responses, ServerCallContext context) =>
        runner.RunAsync(requests, responses, context, new BidiStreamKind<GameClientFrame, GameServerFrame, GameConnection<GameServerFrame>>(
            frames,
            outbox => new GameConnection<GameServerFrame>(ConnectionIds.New(), context.Caller(), outbox, frame => frame, services),
            DispatchAsync,
            GameFrames.Error,
            connection => new GameServerFrame { Reconnect = GameFrames.ReconnectHint(connection.GameIds, server.Value.ReconnectRetryAfter) }),
            logger);

    private static Task DispatchAsync(GameClientFrame command, GameConnection<GameServerFrame> connection, CancellationToken cancellationToken) =>
        command.CommandCase switch
        {
            GameClientFrame.CommandOneofCase.Join => connection.JoinAsync(command.Join, cancellationToken),
            GameClientFrame.CommandOneofCase.Input => connection.SendInputAsync(command.Input),
            GameClientFrame.CommandOneofCase.Leave => connection.LeaveAsync(command.Leave.GameId, cancellationToken),
            _ => throw CommandException.Invalid([new Violation("command", "is empty or of a kind this server does not know")]),
        };
}
