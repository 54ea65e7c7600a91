using Realtime.Grains.Abstractions.Games;

namespace Realtime.Grains.Games;

/// <summary>
/// The rules of one game mode. The session grain owns the loop, players and delivery; the rules own
/// what a tick does to the world. Rules must be deterministic for the same seed and inputs.
/// </summary>
public interface IGameRules
{
    string Mode { get; }

    /// <summary>How long a match lasts at most.</summary>
    TimeSpan TimeLimit { get; }

    GameWorld NewWorld(ulong seed);

    void AddPlayer(GameWorld world, string playerId);

    void RemovePlayer(GameWorld world, string playerId);

    void ApplyInput(GameWorld world, string playerId, double moveX, double moveY);

    /// <summary>Advances the world by one tick of <paramref name="seconds"/>.</summary>
    void Step(GameWorld world, double seconds);

    /// <summary>How the match ended after <paramref name="elapsedSeconds"/>, or null while it goes on.</summary>
    GameOverReason? Outcome(GameWorld world, double elapsedSeconds);
}
