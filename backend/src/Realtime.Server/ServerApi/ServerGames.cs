using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Games;
using Realtime.Protos.Game.V1;
using Realtime.Protos.Server.V1;
using Realtime.Server.Access;
using Realtime.Server.Games;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.ServerApi;

/// <summary>
/// Games the application's backend runs: created with no user as their owner (the principal is their creator), and
/// ended when the application says, with the scores as they stand.
/// </summary>
public sealed class ServerGames(IGrainFactory grains, GameValidator validator, AccessPolicies policies)
{
    public async Task<CreatedGame> CreateAsync(CreateGameRequest game, string principal)
    {
        var settings = validator.Create(game);
        var access = policies.ForCreate(game.Access, "", "access");
        var grain = grains.GetGrain<IGameSessionGrain>(game.GameId);
        try
        {
            return new CreatedGame { Game = GameFrames.Game(await grain.CreateAsync(settings, principal, access), ServerPrincipal.Application) };
        }
        catch (TopicException refusal) when (refusal.Kind == TopicErrorKind.AlreadyExists)
        {
            // The game id is the key: the application's own game again is a retry; a user's is someone else's.
            var existing = await grain.GetAsync();
            return existing?.CreatedBy == principal
                ? new CreatedGame { Game = GameFrames.Game(existing, ServerPrincipal.Application), AlreadyExisted = true }
                : throw TopicErrors.ToCommandException(refusal);
        }
    }

    public async Task<FinishGameResponse> FinishAsync(FinishGameRequest request)
    {
        validator.Game("game_id", request.GameId);
        var ended = await grains.GetGrain<IGameSessionGrain>(request.GameId).EndAsync()
            ?? throw new CommandException(StatusCode.NotFound, $"There is no game '{request.GameId}'.");
        return new FinishGameResponse { Game = GameFrames.Game(ended, ServerPrincipal.Application) };
    }
}
