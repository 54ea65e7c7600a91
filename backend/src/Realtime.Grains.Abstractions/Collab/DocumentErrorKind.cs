namespace Realtime.Grains.Abstractions.Collab;

public enum DocumentErrorKind
{
    Unspecified = 0,
    AlreadyExists = 1,
    NotFound = 2,
    /// <summary>The edit does not fit the document (see <see cref="DocumentException.Field"/>).</summary>
    Invalid = 3,
    /// <summary>The result would exceed a size limit.</summary>
    TooLarge = 4,
    /// <summary>The base revision is older than the retained log: resync from a snapshot.</summary>
    Stale = 5,
    RateLimited = 6,
}
