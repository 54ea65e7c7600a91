using Realtime.Protos.Game.V1;
using GameOverReason = Realtime.Grains.Abstractions.Games.GameOverReason;
using PlayerScore = Realtime.Grains.Abstractions.Games.PlayerScore;
using WireStatus = Realtime.Protos.Game.V1.GameStatus;

namespace Realtime.Grains.Games;

/// <summary>
/// The deterministic core of a session, free of timers: inputs queue in arrival order and apply at the
/// next <see cref="Step"/>, which advances the world one tick and produces that tick's delta (what
/// changed since the previous tick) and full state, each built once for every subscriber.
/// </summary>
public sealed class GameEngine(IGameRules rules, string gameId, string epoch, ulong seed, int tickRate, int fullSnapshotEvery)
{
    private readonly Queue<(string PlayerId, long Sequence, double MoveX, double MoveY)> _inputs = new();
    private readonly Dictionary<string, long> _lastSequences = new(StringComparer.Ordinal);
    private Dictionary<string, WorldEntity> _previous = new(StringComparer.Ordinal);

    public GameWorld World { get; } = rules.NewWorld(seed);

    public long Tick { get; private set; }

    public void AddPlayer(string playerId) => rules.AddPlayer(World, playerId);

    public void RemovePlayer(string playerId)
    {
        rules.RemovePlayer(World, playerId);
        _lastSequences.Remove(playerId);
    }

    public void QueueInput(string playerId, long sequence, double moveX, double moveY) => _inputs.Enqueue((playerId, sequence, moveX, moveY));

    /// <summary>Applies queued inputs in arrival order, advances one tick, and says whether the match ended.</summary>
    public (GameTick Tick, GameOverReason? Over) Step(WireStatus status)
    {
        while (_inputs.TryDequeue(out var input))
        {
            if (World.Entities.ContainsKey(input.PlayerId))
            {
                rules.ApplyInput(World, input.PlayerId, input.MoveX, input.MoveY);
                _lastSequences[input.PlayerId] = Math.Max(_lastSequences.GetValueOrDefault(input.PlayerId), input.Sequence);
            }
        }
        rules.Step(World, 1.0 / tickRate);
        Tick++;
        var full = State(status, full: true);
        var delta = Tick % fullSnapshotEvery == 0 ? full : Delta(status);
        _previous = new Dictionary<string, WorldEntity>(World.Entities, StringComparer.Ordinal);
        return (new GameTick { Delta = delta, Full = full }, rules.Outcome(World, (double)Tick / tickRate));
    }

    public GameState State(WireStatus status, bool full)
    {
        var state = Header(status, full);
        state.Entities.AddRange(World.Entities.Values.Select(ToWire));
        return state;
    }

    public PlayerScore[] Scores() =>
        [.. World.Players.OrderByDescending(p => p.Score).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => new PlayerScore(p.Id, p.Score))];

    private GameState Delta(WireStatus status)
    {
        var delta = Header(status, full: false);
        delta.Entities.AddRange(World.Entities.Values.Where(e => !_previous.TryGetValue(e.Id, out var before) || before != e).Select(ToWire));
        delta.RemovedEntityIds.AddRange(_previous.Keys.Where(id => !World.Entities.ContainsKey(id)));
        return delta;
    }

    private GameState Header(WireStatus status, bool full)
    {
        var state = new GameState
        {
            GameId = gameId,
            Epoch = epoch,
            Tick = Tick,
            Full = full,
            Status = status,
            TicksRemaining = Math.Max(0, (long)(rules.TimeLimit.TotalSeconds * tickRate) - Tick),
        };
        state.LastInputSequences.Add(_lastSequences);
        return state;
    }

    private static Entity ToWire(WorldEntity entity) => new()
    {
        Id = entity.Id,
        Kind = entity.Kind == WorldEntityKind.Player ? EntityKind.Player : EntityKind.Item,
        X = entity.X,
        Y = entity.Y,
        Vx = entity.Vx,
        Vy = entity.Vy,
        Score = entity.Score,
    };
}
