namespace Realtime.Grains.Abstractions.Chat;

/// <summary>A rule of the room refused a call; the service edge maps <see cref="Kind"/> to a gRPC status.</summary>
[GenerateSerializer]
public sealed class ChatRoomException : Exception
{
    public ChatRoomException()
    {
    }

    public ChatRoomException(string message) : base(message)
    {
    }

    public ChatRoomException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ChatRoomException(ChatRoomErrorKind kind, string message) : base(message)
    {
        Kind = kind;
    }

    [Id(0)] public ChatRoomErrorKind Kind { get; init; }
}
