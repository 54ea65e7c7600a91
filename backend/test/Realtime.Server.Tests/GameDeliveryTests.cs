using Grpc.Core;
using Realtime.Protos.Game.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Games on servers of their own, with settings that make the behaviour quick to see.</summary>
[Trait("Tier", "integration")]
[Collection(IsolatedCollection.Name)]
public sealed class GameDeliveryTests
{
    [Fact]
    public async Task A_player_that_stops_reading_does_not_hold_up_the_others_and_then_gets_the_newest_state_in_full()
    {
        // Big states (100 items, all full) at 60 Hz: transport buffers fill within a fraction of a second.
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Game:Arena:Items"] = "100",
            ["Game:FullSnapshotEvery"] = "1",
        });
        var owner = Ids.Unique("owner");
        var game = Ids.Unique("game");
        await new GameService.GameServiceClient(server.NativeChannel()).CreateGameAsync(new CreateGameRequest { GameId = game, TickRate = 60 }, Auth.Headers(server.Token(owner)));
        await using var reader = GameStream.Open(server.NativeChannel(), server.Token(owner));
        await reader.JoinedAsync(game);
        await using var stalled = GameStream.Open(server.NativeChannel(), server.Token(Ids.Unique("stalled")), startReading: false);
        await stalled.JoinAsync(game);
        var stallStart = reader.States(game).LastOrDefault()?.Tick ?? 0;

        // The stall lasts 120 ticks of the game's own clock (2 s at 60 Hz), however busy the machine is.
        var stallEnd = (await reader.StatesAsync(game, s => s.Count > 0 && s[^1].Tick >= stallStart + 120, "120 ticks while the other player stalls"))[^1].Tick;
        stalled.StartReading();
        await stalled.StatesAsync(game, s => s.Count > 0 && s[^1].Tick >= stallEnd, "the stalled player to reach the present");

        // Latest-wins may skip a tick for any stream whose writer is momentarily busy, but one that
        // reads keeps getting states all through the other's stall.
        var readerTicks = reader.States(game).Select(s => s.Tick).Where(t => t >= stallStart && t <= stallEnd).ToList();
        var largestGap = readerTicks.Zip(readerTicks.Skip(1)).Max(p => p.Second - p.First);
        Assert.True(readerTicks.Count >= (stallEnd - stallStart) / 2 && largestGap <= 10, $"the reader got {readerTicks.Count} states, largest gap {largestGap} ticks");
        var received = stalled.States(game);
        var jump = received.Zip(received.Skip(1)).FirstOrDefault(p => p.Second.Tick > p.First.Tick + 1);
        Assert.NotEqual(default, jump);
        Assert.True(jump.Second.Full);
        Assert.True(received.Count < stallEnd - stallStart, $"the stalled player got {received.Count} states for {stallEnd - stallStart} ticks");
    }

    [Fact]
    public async Task A_finished_game_announces_its_result_keeps_it_and_takes_no_more_players()
    {
        // Every player touches an item on the first tick: the score limit of 1 ends the match at once.
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Game:Arena:PickupRadius"] = "100",
            ["Game:Arena:ScoreLimit"] = "1",
        });
        var player = Ids.Unique("player");
        var game = Ids.Unique("game");
        var games = new GameService.GameServiceClient(server.NativeChannel());
        var headers = Auth.Headers(server.Token(player));
        await games.CreateGameAsync(new CreateGameRequest { GameId = game }, headers);
        await using var stream = GameStream.Open(server.NativeChannel(), server.Token(player));
        await stream.JoinedAsync(game);

        var over = (await stream.FrameAsync(f => f.GameOver is not null, "game over")).GameOver;
        var stored = await games.GetGameAsync(new GetGameRequest { GameId = game }, headers);
        await using var late = GameStream.Open(server.NativeChannel(), server.Token(Ids.Unique("late")));
        await late.JoinAsync(game);
        var refused = await late.ErrorAsync(e => e.Command == GameCommandKind.Join, "join refused");

        Assert.Equal((GameOverReason.ScoreLimit, player), (over.Result.Reason, over.Result.WinnerId));
        Assert.Equal(GameStatus.Finished, stored.Game.Status);
        Assert.Equal(over.Result, stored.Game.Result);
        Assert.Equal((int)StatusCode.FailedPrecondition, refused.Error.Code);
    }

    [Fact]
    public async Task An_idle_player_is_removed_and_an_empty_game_stops_its_loop()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Game:PlayerIdleTimeout"] = "00:00:01" });
        var (idleId, watcherId) = (Ids.Unique("idle"), Ids.Unique("watcher"));
        var game = Ids.Unique("game");
        var games = new GameService.GameServiceClient(server.NativeChannel());
        var headers = Auth.Headers(server.Token(idleId));
        await games.CreateGameAsync(new CreateGameRequest { GameId = game, TickRate = 60, MaxSpectators = 1 }, headers);
        await using var idle = GameStream.Open(server.NativeChannel(), server.Token(idleId));
        await using var watcher = GameStream.Open(server.NativeChannel(), server.Token(watcherId));
        await idle.JoinedAsync(game);
        await watcher.JoinedAsync(game, GameRole.Spectator);

        var left = (await watcher.FrameAsync(f => f.PlayerLeft is not null, "the idle player removed")).PlayerLeft;
        var info = await Eventually.ValueAsync(
            async () => (await games.GetGameAsync(new GetGameRequest { GameId = game }, headers)).Game is { Status: GameStatus.Waiting } g ? g : null,
            "the game back to waiting");
        var tickAfterStop = info.Tick;
        await Task.Delay(300);
        var later = (await games.GetGameAsync(new GetGameRequest { GameId = game }, headers)).Game;

        Assert.Equal((idleId, PlayerLeftReason.Idle), (left.PlayerId, left.Reason));
        Assert.Empty(info.PlayerIds);
        Assert.Equal(tickAfterStop, later.Tick);
    }
}
