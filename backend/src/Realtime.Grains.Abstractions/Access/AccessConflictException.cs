namespace Realtime.Grains.Abstractions.Access;

/// <summary>An access update was based on a version that is no longer current; the service edge answers Aborted.</summary>
[GenerateSerializer]
public sealed class AccessConflictException : Exception
{
    public AccessConflictException()
    {
    }

    public AccessConflictException(string message) : base(message)
    {
    }

    public AccessConflictException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
