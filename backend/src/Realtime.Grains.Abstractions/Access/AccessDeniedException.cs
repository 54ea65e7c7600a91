namespace Realtime.Grains.Abstractions.Access;

/// <summary>A caller reached beyond its role in a topic; the service edge answers PermissionDenied.</summary>
[GenerateSerializer]
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message) : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
