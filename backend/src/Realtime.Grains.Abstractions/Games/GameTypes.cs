using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Games;

public enum GameRole
{
    Player = 0,
    Spectator = 1,
}

public enum GameStatus
{
    Waiting = 0,
    Running = 1,
    Finished = 2,
}

public enum GameOverReason
{
    ScoreLimit = 0,
    TimeLimit = 1,

    /// <summary>The application's backend ended it (the server API's FinishGame).</summary>
    Ended = 2,
}

[GenerateSerializer, Immutable]
public sealed record GameSettings(
    [property: Id(0)] string Mode,
    [property: Id(1)] int MaxPlayers,
    [property: Id(2)] int MaxSpectators,
    [property: Id(3)] int TickRate);

[GenerateSerializer, Immutable]
public sealed record PlayerScore([property: Id(0)] string PlayerId, [property: Id(1)] int Score);

[GenerateSerializer, Immutable]
public sealed record GameResult(
    [property: Id(0)] GameOverReason Reason,
    [property: Id(1)] PlayerScore[] Scores,
    [property: Id(2)] string WinnerId,
    [property: Id(3)] long FinalTick);

[GenerateSerializer, Immutable]
public sealed class GameInfo : ITopicInfo
{
    [Id(0)] public required string GameId { get; init; }
    [Id(1)] public required GameSettings Settings { get; init; }
    [Id(2)] public required GameStatus Status { get; init; }
    [Id(3)] public required string[] PlayerIds { get; init; }
    [Id(4)] public required string CreatedBy { get; init; }
    [Id(5)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(6)] public required string Epoch { get; init; }
    [Id(7)] public required long Tick { get; init; }
    [Id(8)] public GameResult? Result { get; init; }
    [Id(9)] public required TopicAccess Access { get; init; }

    string ITopicInfo.Id => GameId;
}

/// <summary>What a joining stream first gets: its place in the game and the full state (a realtime.game.v1.GameState) at <see cref="GameInfo.Tick"/>.</summary>
[GenerateSerializer, Immutable]
public sealed class GameJoinResult
{
    [Id(0)] public required GameInfo Game { get; init; }
    [Id(1)] public required GameRole Role { get; init; }
    [Id(2)] public required byte[] Snapshot { get; init; }
}
