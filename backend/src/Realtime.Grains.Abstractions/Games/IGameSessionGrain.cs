using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Games;

/// <summary>
/// One game session: an authoritative fixed-rate tick loop. Inputs queue and apply in arrival order
/// at the next tick; each tick's state is published (the tick is the session's offset). The loop
/// runs while players are in a game that is not finished; a finished game keeps its result. Every join
/// and input is checked against the game's access policy: spectating needs READER, playing WRITER.
/// </summary>
public interface IGameSessionGrain : ITopicGrain, IAccessControlledGrain
{
    /// <summary>Throws <see cref="TopicException"/> (AlreadyExists) if it exists.</summary>
    Task<GameInfo> CreateAsync(GameSettings settings, string createdBy, TopicAccess access);

    /// <summary>The game, or null if it was never created.</summary>
    Task<GameInfo?> GetAsync();

    /// <summary>
    /// Ends the game now, waiting or running, with the scores as they stand (<see cref="GameOverReason.Ended"/>); a game
    /// already over stays as it ended. The game as it is then, or null if it was never created.
    /// </summary>
    Task<GameInfo?> EndAsync();

    Task<GameJoinResult> JoinAsync(Caller caller, PresenceLease lease, GameRole role);

    Task LeaveAsync(string connectionId);

    /// <summary>Queues a player's movement input for the next tick.</summary>
    Task SendInputAsync(Caller player, long sequence, double moveX, double moveY);
}
