namespace Realtime.Grains.Abstractions.Game;

public enum GameErrorKind
{
    Unspecified = 0,
    AlreadyExists = 1,
    NotFound = 2,
    /// <summary>A field is out of range (see <see cref="GameException.Field"/>).</summary>
    Invalid = 3,
    /// <summary>No room for another player or spectator.</summary>
    Full = 4,
    /// <summary>The game is over, or the caller is not a player in it.</summary>
    WrongState = 5,
    RateLimited = 6,
}
