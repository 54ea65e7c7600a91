using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Games;
using Realtime.Protos.Game.V1;
using Realtime.Testing;
using GameRole = Realtime.Grains.Abstractions.Games.GameRole;
using GameStatus = Realtime.Grains.Abstractions.Games.GameStatus;

namespace Realtime.Grains.Tests;

[Trait("Tier", "integration")]
public sealed class GameSessionGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    [Fact]
    public async Task A_finished_games_result_is_its_newest_event_so_a_stream_catching_up_at_the_end_still_hears_it()
    {
        var game = silo.Grains.GetGrain<IGameSessionGrain>(Ids.Unique("game"));
        var player = Ids.Unique("player");
        await game.CreateAsync(new GameSettings("arena", 4, 4, 20), player, TopicAccess.Public(player));
        var joined = await game.JoinAsync(new Caller(player, false), new PresenceLease("c1", player), GameRole.Player);

        await Eventually.PassesAsync(async () => (await game.GetAsync())?.Status == GameStatus.Finished, "the game to finish");
        var behind = await game.ReadAfterAsync(0, 10, CancellationToken.None);

        var last = Assert.Single(behind.Events);
        var over = GameTick.Parser.ParseFrom(last.Payload).Over;
        Assert.NotNull(over);
        Assert.Equal((Realtime.Protos.Game.V1.GameOverReason.ScoreLimit, player), (over.Result.Reason, over.Result.WinnerId));
        Assert.Equal((joined.Game.Epoch, behind.LastOffset), (last.Epoch, last.Offset));
    }
}
