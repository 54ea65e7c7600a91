namespace Realtime.Grains.Abstractions;

/// <summary>Why a topic grain refused a call; the service edge maps each kind to one gRPC status (docs/ARCHITECTURE.md, "Statuses").</summary>
public enum TopicErrorKind
{
    Unspecified = 0,
    AlreadyExists = 1,
    NotFound = 2,
    /// <summary>A field does not fit the topic's rules (see <see cref="TopicException.Field"/>).</summary>
    Invalid = 3,
    /// <summary>A size or seat limit would be exceeded (document length, players, spectators).</summary>
    LimitReached = 4,
    RateLimited = 5,
    /// <summary>The base position is older than the retained log: resync from a snapshot.</summary>
    Stale = 6,
    /// <summary>The topic is not in a state that takes this call (a finished game, a caller who has not joined).</summary>
    WrongState = 7,
    /// <summary>The caller's role in the topic does not allow the call.</summary>
    Denied = 8,
    /// <summary>An update was based on a version that is no longer current.</summary>
    Conflict = 9,
}
