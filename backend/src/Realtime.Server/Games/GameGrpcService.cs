using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Protos.Game.V1;
using Realtime.Server.Auth;
using Realtime.Server.Sessions;

namespace Realtime.Server.Games;

/// <summary>The GameService edge: identity from the token, then straight to the handler that owns the call.</summary>
[Authorize]
public sealed class GameGrpcService(GameStreamHandler streams, GameQueries queries, SessionRegistry sessions) : GameService.GameServiceBase
{
    public override Task PlayGame(IAsyncStreamReader<GameClientFrame> requestStream, IServerStreamWriter<GameServerFrame> responseStream, ServerCallContext context) =>
        streams.RunAsync(requestStream, responseStream, context);

    public override Task<CreateGameResponse> CreateGame(CreateGameRequest request, ServerCallContext context) => queries.CreateAsync(request, context.UserId());

    public override Task<GetGameResponse> GetGame(GetGameRequest request, ServerCallContext context) => queries.GetAsync(request);

    public override Task<ListGamesResponse> ListGames(ListGamesRequest request, ServerCallContext context) => queries.ListAsync(request);

    public override async Task<JoinGameInSessionResponse> JoinGameInSession(JoinGameInSessionRequest request, ServerCallContext context) =>
        new() { Joined = await sessions.Session(request.SessionId, context.UserId()).Games.JoinAsync(request.Join, context.CancellationToken) };

    public override async Task<LeaveGameInSessionResponse> LeaveGameInSession(LeaveGameInSessionRequest request, ServerCallContext context)
    {
        await sessions.Session(request.SessionId, context.UserId()).Games.LeaveAsync(request.GameId, context.CancellationToken);
        return new LeaveGameInSessionResponse();
    }

    public override async Task<SendInputInSessionResponse> SendInputInSession(SendInputInSessionRequest request, ServerCallContext context)
    {
        await sessions.Session(request.SessionId, context.UserId()).Games.SendInputAsync(request.Input);
        return new SendInputInSessionResponse();
    }
}
