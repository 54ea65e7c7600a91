namespace Realtime.Streaming.Grpc.Streams;

/// <summary>What a join is for, as <see cref="IJoinAdmission"/> and the application's callout are told.</summary>
public static class JoinActions
{
    /// <summary>A chat room: joined on a stream, or read and acted in by a unary call.</summary>
    public const string Join = "join";

    /// <summary>A document: opened on a stream, or read by a unary call.</summary>
    public const string Open = "open";

    /// <summary>A game, as a player.</summary>
    public const string Play = "play";

    /// <summary>A game, as a spectator, or read by a unary call.</summary>
    public const string Watch = "watch";
}
