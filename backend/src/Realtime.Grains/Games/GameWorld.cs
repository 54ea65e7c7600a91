namespace Realtime.Grains.Games;

/// <summary>
/// The complete state of a running game: entities by id (ordered, so iteration is deterministic)
/// and the game's own random generator, so the same seed and inputs replay the same game.
/// </summary>
public sealed class GameWorld(ulong seed)
{
    private ulong _random = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    public SortedDictionary<string, WorldEntity> Entities { get; } = new(StringComparer.Ordinal);

    /// <summary>A deterministic number in [0, 1) (xorshift64*).</summary>
    public double NextRandom()
    {
        _random ^= _random >> 12;
        _random ^= _random << 25;
        _random ^= _random >> 27;
        return ((_random * 0x2545F4914F6CDD1DUL) >> 11) * (1.0 / (1UL << 53));
    }

    public IEnumerable<WorldEntity> Players => Entities.Values.Where(e => e.Kind == WorldEntityKind.Player);
}
