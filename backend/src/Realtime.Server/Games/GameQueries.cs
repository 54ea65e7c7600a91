using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Games;
using Realtime.Grains.Directory;
using Realtime.Grains.Games;
using Realtime.Protos.Game.V1;
using Realtime.Server.Access;
using Realtime.Server.Queries;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Games;

/// <summary>The unary game calls: create, read, list with filters; each answers only what the caller's role allows.</summary>
/// <remarks>Reading a game is done as the caller its kind's join callout admits to watch (<see cref="IJoinAdmission"/>).</remarks>
public sealed class GameQueries(IGrainFactory grains, GameValidator validator, AccessPolicies policies, TopicListings listings, IJoinAdmission admission)
{
    /// <summary>Ids looked at per ListGames call at most, so a sparse filter cannot make one call scan everything.</summary>
    private const int MaxScanned = 1_000;

    public async Task<CreateGameResponse> CreateAsync(CreateGameRequest request, Caller caller)
    {
        var settings = validator.Create(request);
        var access = policies.ForCreate(request.Access, caller.UserId, "access");
        var info = await Game(request.GameId).CreateAsync(settings, caller.UserId, access);
        return new CreateGameResponse { Game = GameFrames.Game(info, caller) };
    }

    public async Task<GetGameResponse> GetAsync(GetGameRequest request, Caller caller)
    {
        validator.Game("game_id", request.GameId);
        caller = (await admission.AdmitAsync(caller, Topics.Game(request.GameId), JoinActions.Watch, CancellationToken.None)).Caller;
        var info = await ReadableTopics.DemandAsync(Game(request.GameId).GetAsync(), caller, "game", request.GameId);
        return new GetGameResponse { Game = GameFrames.Game(info, caller) };
    }

    /// <summary>
    /// Walks the topic index in id order, keeping games the caller may read that match the filters, until a
    /// page is full. A game's listing is as its grain last wrote it: status and players when they change.
    /// </summary>
    public async Task<ListGamesResponse> ListAsync(ListGamesRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var pageSize = PageSizes.Listing.Of(request.PageSize);
        if (!Enum.IsDefined(request.Status))
        {
            throw CommandException.Invalid([new Violation("status", "is not a known status")]);
        }
        var after = PageTokens.IdAfter(request.PageToken);
        var response = new ListGamesResponse();
        for (var scanned = 0; scanned < MaxScanned;)
        {
            var infos = await listings.ListAsync<GameInfo>(Topics.GameKind, after, pageSize, cancellationToken);
            foreach (var info in infos)
            {
                after = info.GameId;
                scanned++;
                if (info.Access.RoleOf(caller) >= AccessRole.Reader && Matches(info, request))
                {
                    response.Games.Add(GameFrames.Game(info, caller));
                    if (response.Games.Count == pageSize)
                    {
                        response.NextPageToken = PageTokens.ForId(after);
                        return response;
                    }
                }
            }
            if (infos.Length < pageSize)
            {
                return response;
            }
        }
        response.NextPageToken = PageTokens.ForId(after);
        return response;
    }

    private static bool Matches(GameInfo info, ListGamesRequest request) =>
        (request.Mode.Length == 0 || request.Mode == info.Settings.Mode)
        && (request.Status == Protos.Game.V1.GameStatus.Unspecified || request.Status == GameWire.Status(info.Status));

    private IGameSessionGrain Game(string gameId) => grains.GetGrain<IGameSessionGrain>(gameId);
}
