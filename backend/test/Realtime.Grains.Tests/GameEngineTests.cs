using Microsoft.Extensions.Options;
using Realtime.Grains.Games;
using Realtime.Grains.Games.Arena;
using Realtime.Protos.Game.V1;

namespace Realtime.Grains.Tests;

/// <summary>The tick loop's core, stepped by hand: the test is the clock.</summary>
[Trait("Tier", "unit")]
public sealed class GameEngineTests
{
    private static GameEngine Engine(int fullSnapshotEvery = 5) =>
        new(new ArenaRules(Options.Create(new ArenaOptions { Items = 3 })), "g", "e", 99, tickRate: 20, fullSnapshotEvery);

    [Fact]
    public void N_steps_produce_N_states_with_consecutive_ticks_and_a_full_state_every_so_often()
    {
        var engine = Engine();
        engine.AddPlayer("a");

        var ticks = Enumerable.Range(0, 12).Select(_ => engine.Step(GameStatus.Running).Tick).ToList();

        Assert.Equal(Enumerable.Range(1, 12).Select(t => (long)t), ticks.Select(t => t.Full.Tick));
        Assert.Equal(ticks.Select(t => t.Full.Tick), ticks.Select(t => t.Delta.Tick));
        Assert.Equal([5L, 10], ticks.Where(t => t.Delta.Full).Select(t => t.Delta.Tick));
        Assert.All(ticks, t => Assert.Equal(4, t.Full.Entities.Count));
    }

    [Fact]
    public void Inputs_apply_at_the_next_tick_in_arrival_order_and_the_state_reports_the_last_one()
    {
        var engine = Engine();
        engine.AddPlayer("a");
        engine.AddPlayer("b");
        engine.Step(GameStatus.Running);

        engine.QueueInput("a", 1, 1, 0);
        engine.QueueInput("a", 2, 0, 1);
        engine.QueueInput("b", 7, -1, 0);
        var (tick, _) = engine.Step(GameStatus.Running);
        var (quiet, _) = engine.Step(GameStatus.Running);

        var a = tick.Full.Entities.Single(e => e.Id == "a");
        Assert.Equal((0.0, 25.0), (a.Vx, a.Vy));
        Assert.Equal(2, tick.Full.LastInputSequences["a"]);
        Assert.Equal(7, tick.Full.LastInputSequences["b"]);
        Assert.Contains(tick.Delta.Entities, e => e.Id == "a");
        Assert.Equal(2, quiet.Full.LastInputSequences["a"]);
    }

    [Fact]
    public void A_delta_holds_what_changed_and_what_was_removed_and_rebuilds_the_full_state()
    {
        var engine = Engine(fullSnapshotEvery: 1000);
        engine.AddPlayer("a");
        engine.AddPlayer("b");
        var state = engine.Step(GameStatus.Running).Tick.Full.Entities.ToDictionary(e => e.Id);

        engine.QueueInput("a", 1, 1, 1);
        engine.RemovePlayer("b");
        var (tick, _) = engine.Step(GameStatus.Running);
        foreach (var removed in tick.Delta.RemovedEntityIds)
        {
            state.Remove(removed);
        }
        foreach (var changed in tick.Delta.Entities)
        {
            state[changed.Id] = changed;
        }

        Assert.Equal(["b"], tick.Delta.RemovedEntityIds);
        Assert.True(tick.Delta.Entities.Count < tick.Full.Entities.Count);
        Assert.Equal(tick.Full.Entities.OrderBy(e => e.Id), state.Values.OrderBy(e => e.Id));
    }
}
