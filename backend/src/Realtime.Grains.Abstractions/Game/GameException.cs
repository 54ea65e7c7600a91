namespace Realtime.Grains.Abstractions.Game;

/// <summary>A rule of the game session refused a call; the service edge maps <see cref="Kind"/> to a gRPC status.</summary>
[GenerateSerializer]
public sealed class GameException : Exception
{
    public GameException()
    {
    }

    public GameException(string message) : base(message)
    {
    }

    public GameException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public GameException(GameErrorKind kind, string message, string field = "") : base(message)
    {
        Kind = kind;
        Field = field;
    }

    [Id(0)] public GameErrorKind Kind { get; init; }

    [Id(1)] public string Field { get; init; } = "";
}
