namespace Realtime.Grains.Abstractions;

/// <summary>
/// A topic's storage (in cluster mode, Redis) could not be reached, so nothing was stored or read.
/// Transient: the service edge answers Unavailable with a retry delay, and clients retry.
/// </summary>
[GenerateSerializer]
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message) : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
