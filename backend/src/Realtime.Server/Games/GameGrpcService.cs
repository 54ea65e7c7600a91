using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Realtime.Protos.Game.V1;
using Realtime.Server.Hosting;
using Realtime.Server.Sessions;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Games;

/// <summary>The GameService edge: identity from the token; the stream runs through the shared runner with this kind's connection, frames and commands, unary calls go to the queries.</summary>
[Authorize]
public sealed class GameGrpcService(
    GameQueries queries,
    SessionCommands commands,
    GameEventFrames frames,
    GameConnectionServices services,
    BidiStreamRunner runner,
    IOptions<ServerOptions> server,
    ILogger<GameGrpcService> logger) : GameService.GameServiceBase
{
    public override Task PlayGame(IAsyncStreamReader<GameClientFrame> requestStream, IServerStreamWriter<GameServerFrame> responseStream, ServerCallContext context) =>
        RunStreamAsync(requestStream, responseStream, context);

    public override Task<CreateGameResponse> CreateGame(CreateGameRequest request, ServerCallContext context) => queries.CreateAsync(request, context.Caller());

    public override Task<GetGameResponse> GetGame(GetGameRequest request, ServerCallContext context) => queries.GetAsync(request, context.Caller());

    public override Task<ListGamesResponse> ListGames(ListGamesRequest request, ServerCallContext context) => queries.ListAsync(request, context.Caller(), context.CancellationToken);

    public override Task<JoinGameInSessionResponse> JoinGameInSession(JoinGameInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<JoinGameInSessionResponse>(request, context);

    public override Task<LeaveGameInSessionResponse> LeaveGameInSession(LeaveGameInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<LeaveGameInSessionResponse>(request, context);

    public override Task<SendInputInSessionResponse> SendInputInSession(SendInputInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<SendInputInSessionResponse>(request, context);

    private Task RunStreamAsync(IAsyncStreamReader<GameClientFrame> requests, IServerStreamWriter<GameServerFrame> responses, ServerCallContext context) =>
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
            _ => throw CommandException.UnknownCommand(),
        };
}
