using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Games;

namespace Realtime.Grains.Games.Arena;

/// <summary>
/// A 2D arena: players move with the velocity their input asks for, clamped to the bounds, and collect
/// items (one point each) that respawn at a random place; the match ends at the score or time limit.
/// </summary>
public sealed class ArenaRules(IOptions<ArenaOptions> options) : IGameRules
{
    public const string ModeName = "arena";

    private readonly ArenaOptions _options = options.Value;

    public string Mode => ModeName;

    public TimeSpan TimeLimit => _options.TimeLimit;

    public GameWorld NewWorld(ulong seed)
    {
        var world = new GameWorld(seed);
        for (var i = 0; i < _options.Items; i++)
        {
            var id = $"item-{i}";
            world.Entities[id] = new WorldEntity(id, WorldEntityKind.Item, RandomCoordinate(world), RandomCoordinate(world), 0, 0, 0);
        }
        return world;
    }

    public void AddPlayer(GameWorld world, string playerId)
    {
        if (!world.Entities.ContainsKey(playerId))
        {
            world.Entities[playerId] = new WorldEntity(playerId, WorldEntityKind.Player, RandomCoordinate(world), RandomCoordinate(world), 0, 0, 0);
        }
    }

    public void RemovePlayer(GameWorld world, string playerId) => world.Entities.Remove(playerId);

    public void ApplyInput(GameWorld world, string playerId, double moveX, double moveY)
    {
        if (!world.Entities.TryGetValue(playerId, out var player))
        {
            return;
        }
        var (x, y) = (Math.Clamp(moveX, -1, 1), Math.Clamp(moveY, -1, 1));
        var length = Math.Sqrt((x * x) + (y * y));
        if (length > 1)
        {
            (x, y) = (x / length, y / length);
        }
        world.Entities[playerId] = player with { Vx = x * _options.Speed, Vy = y * _options.Speed };
    }

    public void Step(GameWorld world, double seconds)
    {
        foreach (var player in world.Players.ToList())
        {
            var moved = player with
            {
                X = Math.Clamp(player.X + (player.Vx * seconds), 0, _options.Size),
                Y = Math.Clamp(player.Y + (player.Vy * seconds), 0, _options.Size),
            };
            foreach (var item in world.Entities.Values.Where(e => e.Kind == WorldEntityKind.Item).ToList())
            {
                if (Distance(moved, item) <= _options.PickupRadius)
                {
                    moved = moved with { Score = moved.Score + 1 };
                    world.Entities[item.Id] = item with { X = RandomCoordinate(world), Y = RandomCoordinate(world) };
                }
            }
            world.Entities[player.Id] = moved;
        }
    }

    public GameOverReason? Outcome(GameWorld world, double elapsedSeconds) =>
        world.Players.Any(p => p.Score >= _options.ScoreLimit) ? GameOverReason.ScoreLimit
        : elapsedSeconds >= _options.TimeLimit.TotalSeconds ? GameOverReason.TimeLimit
        : null;

    private double RandomCoordinate(GameWorld world) => Math.Round(world.NextRandom() * _options.Size, 3);

    private static double Distance(WorldEntity a, WorldEntity b) => Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2));
}
