using Grpc.Core;
using Realtime.Protos.Game.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class GameStreamTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private async Task<string> CreateGameAsync(TestServer server, string owner, int maxPlayers = 8, int tickRate = 20)
    {
        var id = Ids.Unique("game");
        await new GameService.GameServiceClient(server.NativeChannel()).CreateGameAsync(
            new CreateGameRequest { GameId = id, MaxPlayers = maxPlayers, MaxSpectators = 4, TickRate = tickRate }, Auth.Headers(server.Token(owner)));
        return id;
    }

    [Fact]
    public async Task Players_see_identical_states_per_tick_and_a_late_spectator_starts_from_a_full_snapshot()
    {
        var (aliceId, bobId) = (Ids.Unique("alice"), Ids.Unique("bob"));
        var game = await CreateGameAsync(Server, aliceId);
        await using var alice = GameStream.Open(Server.NativeChannel(), Server.Token(aliceId));
        await using var bob = GameStream.Open(Server.NativeChannel(), Server.Token(bobId));
        var aliceJoined = await alice.JoinedAsync(game);
        await bob.JoinedAsync(game);
        for (var i = 1; i <= 10; i++)
        {
            await alice.InputAsync(game, i, 1, 0);
            await bob.InputAsync(game, i, 0, -1);
            await Task.Delay(20);
        }
        await using var late = GameStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("viewer")));
        var lateJoined = await late.JoinedAsync(game, GameRole.Spectator);
        await late.StatesAsync(game, s => s.Count >= 10, "10 states at the spectator");
        var untilTick = late.States(game)[^1].Tick;
        await alice.StatesAsync(game, s => s.Count > 0 && s[^1].Tick >= untilTick, "alice at the spectator's tick");
        await bob.StatesAsync(game, s => s.Count > 0 && s[^1].Tick >= untilTick, "bob at the spectator's tick");

        var atAlice = GameWorldView.ByTick(alice.States(game).Prepend(aliceJoined.Snapshot));
        var atBob = GameWorldView.ByTick(bob.States(game));
        var atLate = GameWorldView.ByTick(late.States(game).Prepend(lateJoined.Snapshot));
        var common = atAlice.Keys.Intersect(atBob.Keys).ToList();
        Assert.True(common.Count >= 10);
        Assert.All(common, tick => Assert.Equal(atAlice[tick], atBob[tick]));
        Assert.True(lateJoined.Snapshot.Full);
        Assert.Equal(GameRole.Spectator, lateJoined.Role);
        Assert.All(atLate.Keys.Where(atAlice.ContainsKey), tick => Assert.Equal(atAlice[tick], atLate[tick]));
        Assert.Equal(10, alice.States(game)[^1].LastInputSequences[aliceId]);
        Assert.Equal(10, alice.States(game)[^1].LastInputSequences[bobId]);
    }

    [Fact]
    public async Task Bad_game_commands_get_precise_statuses_and_the_stream_goes_on()
    {
        var owner = Ids.Unique("owner");
        var game = await CreateGameAsync(Server, owner, maxPlayers: 1);
        var other = await CreateGameAsync(Server, owner);
        await using var player = GameStream.Open(Server.NativeChannel(), Server.Token(owner));
        await using var second = GameStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("second")));
        await player.JoinedAsync(game);

        await second.JoinAsync(Ids.Unique("missing"));
        await second.JoinAsync(game);
        await second.JoinedAsync(game, GameRole.Spectator);
        await second.InputAsync(game, 1, 0, 0);
        await player.InputAsync(other, 1, 0, 0);
        await player.InputAsync(game, 2, 1.5, 0);
        for (var i = 0; i < 90; i++)
        {
            await player.InputAsync(game, 100 + i, 0, 1);
        }

        Assert.Equal((int)StatusCode.NotFound, (await second.ErrorAsync(e => e.Command == GameCommandKind.Join && e.GameId != game, "unknown game")).Error.Code);
        Assert.Equal((int)StatusCode.ResourceExhausted, (await second.ErrorAsync(e => e.Command == GameCommandKind.Join && e.GameId == game, "full game")).Error.Code);
        Assert.Equal((int)StatusCode.FailedPrecondition, (await second.ErrorAsync(e => e.Command == GameCommandKind.Input, "spectator input")).Error.Code);
        Assert.Equal((int)StatusCode.FailedPrecondition, (await player.ErrorAsync(e => e.GameId == other, "input for a game not joined")).Error.Code);
        var malformed = await player.ErrorAsync(e => e.Sequence == 2, "malformed input");
        Assert.Equal(((int)StatusCode.InvalidArgument, "input.arena.move_x"), (malformed.Error.Code, malformed.Error.FieldViolations[0].Field));
        Assert.Equal((int)StatusCode.ResourceExhausted, (await player.ErrorAsync(e => e.Sequence >= 100, "rate limited input")).Error.Code);
        await player.StatesAsync(game, s => s.Any(state => state.LastInputSequences.GetValueOrDefault(owner) >= 100), "accepted inputs applied");
        Assert.Null(player.Failure);
    }

    [Fact]
    public async Task A_browser_session_plays_through_unary_inputs_and_sees_them_applied()
    {
        var user = Ids.Unique("browser");
        var game = await CreateGameAsync(Server, user);
        var web = Server.WebChannel();
        var (session, sessionId) = await SessionStream.OpenAsync(web, Server.Token(user));
        await using var _ = session;
        var games = new GameService.GameServiceClient(web);
        var headers = Auth.Headers(Server.Token(user));

        var joined = await games.JoinGameInSessionAsync(new JoinGameInSessionRequest { SessionId = sessionId, Join = new JoinGame { GameId = game } }, headers);
        await games.SendInputInSessionAsync(new SendInputInSessionRequest
        {
            SessionId = sessionId,
            Input = new SendInput { GameId = game, Sequence = 5, Arena = new ArenaInput { MoveX = -1 } },
        }, headers);

        var applied = await Eventually.ValueAsync(
            () => session.Frames.Select(f => f.Game?.State).FirstOrDefault(s => s is not null && s.LastInputSequences.GetValueOrDefault(user) == 5),
            "the input applied on the session stream");
        Assert.Equal(user, joined.Joined.PlayerId);
        Assert.True(applied.Tick > joined.Joined.Snapshot.Tick);
        var info = await games.GetGameAsync(new GetGameRequest { GameId = game }, headers);
        Assert.Equal((GameStatus.Running, user), (info.Game.Status, info.Game.PlayerIds.Single()));
    }

    [Fact]
    public async Task Creating_and_listing_games_validates_fields_and_filters_by_status()
    {
        var owner = Ids.Unique("owner");
        var games = new GameService.GameServiceClient(Server.NativeChannel());
        var headers = Auth.Headers(Server.Token(owner));
        var waiting = await CreateGameAsync(Server, owner);
        var running = await CreateGameAsync(Server, owner);
        await using var player = GameStream.Open(Server.NativeChannel(), Server.Token(owner));
        await player.JoinedAsync(running);

        var badRate = await Assert.ThrowsAsync<RpcException>(() => games.CreateGameAsync(new CreateGameRequest { GameId = Ids.Unique("g"), TickRate = 5, MaxPlayers = 1000 }, headers).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => games.GetGameAsync(new GetGameRequest { GameId = Ids.Unique("g") }, headers).ResponseAsync);
        var listed = new List<Game>();
        var token = "";
        do
        {
            var page = await games.ListGamesAsync(new ListGamesRequest { PageSize = 3, PageToken = token, Status = GameStatus.Running, Mode = "arena" }, headers);
            listed.AddRange(page.Games);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(StatusCode.InvalidArgument, badRate.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Contains(listed, g => g.GameId == running);
        Assert.DoesNotContain(listed, g => g.GameId == waiting);
        Assert.All(listed, g => Assert.Equal(GameStatus.Running, g.Status));
    }
}
