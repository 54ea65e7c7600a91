namespace Realtime.Grains.Abstractions;

/// <summary>A rule of a topic (room, document, game, its access) refused a call; the service edge maps <see cref="Kind"/> to a gRPC status.</summary>
[GenerateSerializer]
public sealed class TopicException : Exception
{
    public TopicException()
    {
    }

    public TopicException(string message) : base(message)
    {
    }

    public TopicException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public TopicException(TopicErrorKind kind, string message, string field = "") : base(message)
    {
        Kind = kind;
        Field = field;
    }

    [Id(0)] public TopicErrorKind Kind { get; init; }

    /// <summary>For <see cref="TopicErrorKind.Invalid"/>: the request field at fault, relative to the command ("base_revision", "mode" …).</summary>
    [Id(1)] public string Field { get; init; } = "";

    /// <summary>For <see cref="TopicErrorKind.RateLimited"/>: when the same call would be taken.</summary>
    [Id(2)] public TimeSpan? RetryAfter { get; init; }
}
