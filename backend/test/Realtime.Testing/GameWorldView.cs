using Realtime.Protos.Game.V1;

namespace Realtime.Testing;

/// <summary>What a client knows of a game world: full states replace it, deltas patch it.</summary>
public sealed class GameWorldView
{
    private readonly Dictionary<string, Entity> _entities = new(StringComparer.Ordinal);

    public long Tick { get; private set; }

    public void Apply(GameState state)
    {
        if (state.Full)
        {
            _entities.Clear();
        }
        foreach (var removed in state.RemovedEntityIds)
        {
            _entities.Remove(removed);
        }
        foreach (var entity in state.Entities)
        {
            _entities[entity.Id] = entity;
        }
        Tick = state.Tick;
    }

    /// <summary>The world rebuilt from a sequence of states, at every tick it reached.</summary>
    public static Dictionary<long, string> ByTick(IEnumerable<GameState> states)
    {
        var view = new GameWorldView();
        var byTick = new Dictionary<long, string>();
        foreach (var state in states)
        {
            view.Apply(state);
            byTick[state.Tick] = view.Describe();
        }
        return byTick;
    }

    public string Describe() => string.Join(";", _entities.Values.OrderBy(e => e.Id, StringComparer.Ordinal).Select(e => e.ToString()));
}
