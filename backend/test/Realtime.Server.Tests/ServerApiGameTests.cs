using Grpc.Core;
using Realtime.Protos.Game.V1;
using Realtime.Protos.Server.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Games the application's backend runs through the server API: created with no user as owner, ended when it says.</summary>
[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class ServerApiGameTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private ServerApiService.ServerApiServiceClient Api => new(Server.NativeChannel());

    private static Metadata Key(string apiKey) => new() { { "authorization", $"ApiKey {apiKey}" } };

    private static CreateGameRequest Create(string gameId, int maxPlayers = 4) =>
        new() { GameId = gameId, MaxPlayers = maxPlayers, MaxSpectators = 4, TickRate = 20 };

    [Fact]
    public async Task A_game_the_application_creates_is_played_and_ends_for_every_stream_when_it_finishes_it()
    {
        var game = Ids.Unique("match");
        var created = await Api.CreateGameAsync(Create(game), Key(TestServer.ServerApiKey));
        var retried = await Api.CreateGameAsync(Create(game), Key(TestServer.ServerApiKey));
        await using var player = GameStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("player")));
        await player.JoinedAsync(game);

        var finished = await Api.FinishGameAsync(new FinishGameRequest { GameId = game }, Key(TestServer.ServerApiKey));
        var over = await Eventually.ValueAsync(() => player.Frames.FirstOrDefault(f => f.GameOver is not null)?.GameOver, "game over on the player's stream");
        var again = await Api.FinishGameAsync(new FinishGameRequest { GameId = game }, Key(TestServer.ServerApiKey));

        Assert.Equal((false, true), (created.AlreadyExisted, retried.AlreadyExisted));
        Assert.Equal(("backend", Protos.Common.V1.AccessRole.Owner), (created.Game.CreatedBy, created.Game.CallerRole));
        Assert.Equal(GameOverReason.Ended, over.Result.Reason);
        Assert.Equal((GameStatus.Finished, GameStatus.Finished), (finished.Game.Status, again.Game.Status));
    }

    [Fact]
    public async Task Games_need_the_games_scope_a_valid_game_and_an_id_no_user_has_taken()
    {
        var taken = Ids.Unique("taken");
        await new GameService.GameServiceClient(Server.NativeChannel()).CreateGameAsync(
            new CreateGameRequest { GameId = taken, MaxPlayers = 2, MaxSpectators = 2, TickRate = 20 }, Auth.Headers(Server.Token(Ids.Unique("user"))));

        async Task<RpcException> Refused(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

        var readOnly = await Refused(async () => await Api.CreateGameAsync(Create(Ids.Unique("g")), Key(TestServer.ReadOnlyServerApiKey)));
        var invalid = await Refused(async () => await Api.CreateGameAsync(Create(Ids.Unique("g"), maxPlayers: 100_000), Key(TestServer.ServerApiKey)));
        var someoneElses = await Refused(async () => await Api.CreateGameAsync(Create(taken), Key(TestServer.ServerApiKey)));
        var missing = await Refused(async () => await Api.FinishGameAsync(new FinishGameRequest { GameId = Ids.Unique("nowhere") }, Key(TestServer.ServerApiKey)));

        Assert.Equal(StatusCode.PermissionDenied, readOnly.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("max_players", invalid.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.AlreadyExists, someoneElses.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_batch_read_finds_games_with_their_players_and_marks_the_missing()
    {
        var (game, missing) = (Ids.Unique("match"), Ids.Unique("nowhere"));
        await Api.CreateGameAsync(Create(game), Key(TestServer.ServerApiKey));
        var playerId = Ids.Unique("player");
        await using var player = GameStream.Open(Server.NativeChannel(), Server.Token(playerId));
        await player.JoinedAsync(game);

        var read = await Api.GetGamesAsync(new GetGamesRequest { GameIds = { missing, game } }, Key(TestServer.ReadOnlyServerApiKey));

        Assert.Equal([(missing, true, 0), (game, false, 1)], read.Games.Select(g => (g.GameId, g.NotFound, g.PresentCount)));
        Assert.Equal([playerId], read.Games[1].Game.PlayerIds);
    }
}
