using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Games;
using Realtime.Grains.Games;
using Realtime.Grains.Games.Arena;

namespace Realtime.Grains.Tests;

[Trait("Tier", "unit")]
public sealed class ArenaRulesTests
{
    private static ArenaRules Rules(int items = 5, int scoreLimit = 10) =>
        new(Options.Create(new ArenaOptions { Size = 100, Speed = 20, Items = items, PickupRadius = 3, ScoreLimit = scoreLimit, TimeLimit = TimeSpan.FromSeconds(30) }));

    [Fact]
    public void A_player_moves_at_its_input_velocity_diagonals_are_not_faster_and_bounds_hold()
    {
        var rules = Rules(items: 1);
        var world = rules.NewWorld(7);
        rules.AddPlayer(world, "p");
        world.Entities["p"] = world.Entities["p"] with { X = 50, Y = 50 };
        world.Entities["item-0"] = world.Entities["item-0"] with { X = 0, Y = 100 };

        rules.ApplyInput(world, "p", 1, 0);
        rules.Step(world, 0.5);
        var afterRight = world.Entities["p"];
        rules.ApplyInput(world, "p", 5, 5);
        rules.Step(world, 0.1);
        var diagonal = world.Entities["p"];
        rules.ApplyInput(world, "p", 1, 0);
        rules.Step(world, 10);

        Assert.Equal((60.0, 50.0), (afterRight.X, afterRight.Y));
        Assert.Equal(2.0, Math.Sqrt(Math.Pow(diagonal.X - afterRight.X, 2) + Math.Pow(diagonal.Y - afterRight.Y, 2)), 6);
        Assert.Equal(100.0, world.Entities["p"].X);
    }

    [Fact]
    public void Touching_an_item_scores_a_point_and_the_item_respawns_elsewhere()
    {
        var rules = Rules(items: 1);
        var world = rules.NewWorld(11);
        rules.AddPlayer(world, "p");
        world.Entities["item-0"] = world.Entities["item-0"] with { X = 52, Y = 50 };
        world.Entities["p"] = world.Entities["p"] with { X = 40, Y = 50 };

        rules.ApplyInput(world, "p", 1, 0);
        rules.Step(world, 0.5);

        Assert.Equal(1, world.Entities["p"].Score);
        Assert.NotEqual((52.0, 50.0), (world.Entities["item-0"].X, world.Entities["item-0"].Y));
    }

    [Fact]
    public void The_match_ends_at_the_score_limit_or_the_time_limit()
    {
        var rules = Rules(scoreLimit: 2);
        var world = rules.NewWorld(3);
        rules.AddPlayer(world, "p");

        var early = rules.Outcome(world, 10);
        world.Entities["p"] = world.Entities["p"] with { Score = 2 };
        var scored = rules.Outcome(world, 10);
        world.Entities["p"] = world.Entities["p"] with { Score = 0 };
        var timedOut = rules.Outcome(world, 30);

        Assert.Null(early);
        Assert.Equal(GameOverReason.ScoreLimit, scored);
        Assert.Equal(GameOverReason.TimeLimit, timedOut);
    }

    [Fact]
    public void The_same_seed_and_inputs_replay_the_same_game()
    {
        static string Play(ulong seed)
        {
            var rules = Rules();
            var engine = new GameEngine(rules, "g", "e", seed, tickRate: 20, fullSnapshotEvery: 1);
            engine.AddPlayer("a");
            engine.AddPlayer("b");
            var random = new Random(5);
            var last = "";
            for (var tick = 0; tick < 400; tick++)
            {
                engine.QueueInput("a", tick, (random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1);
                engine.QueueInput("b", tick, (random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1);
                last = engine.Step(Protos.Game.V1.GameStatus.Running).Tick.Full.ToString();
            }
            return last;
        }

        Assert.Equal(Play(42), Play(42));
        Assert.NotEqual(Play(42), Play(43));
    }
}
