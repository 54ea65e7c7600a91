using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Protos.Game.V1;
using Realtime.Server.Sessions;
using Realtime.Streaming.Grpc.Identity;

namespace Realtime.Server.Games;

/// <summary>The GameService edge: identity from the token, then straight to the handler that owns the call.</summary>
[Authorize]
public sealed class GameGrpcService(GameStreamHandler streams, GameQueries queries, SessionCommands commands) : GameService.GameServiceBase
{
    public override Task PlayGame(IAsyncStreamReader<GameClientFrame> requestStream, IServerStreamWriter<GameServerFrame> responseStream, ServerCallContext context) =>
        streams.RunAsync(requestStream, responseStream, context);

    public override Task<CreateGameResponse> CreateGame(CreateGameRequest request, ServerCallContext context) => queries.CreateAsync(request, context.Caller());

    public override Task<GetGameResponse> GetGame(GetGameRequest request, ServerCallContext context) => queries.GetAsync(request, context.Caller());

    public override Task<ListGamesResponse> ListGames(ListGamesRequest request, ServerCallContext context) => queries.ListAsync(request, context.Caller());

    public override Task<JoinGameInSessionResponse> JoinGameInSession(JoinGameInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<JoinGameInSessionResponse>(request, context);

    public override Task<LeaveGameInSessionResponse> LeaveGameInSession(LeaveGameInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<LeaveGameInSessionResponse>(request, context);

    public override Task<SendInputInSessionResponse> SendInputInSession(SendInputInSessionRequest request, ServerCallContext context) =>
        commands.RunAsync<SendInputInSessionResponse>(request, context);
}
