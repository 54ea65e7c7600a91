using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Games;
using Realtime.Grains.Access;

namespace Realtime.Grains.Games;

/// <summary>A session's persisted part: its settings, lifecycle and, once finished, its result. The world lives in memory.</summary>
[GenerateSerializer]
public sealed class GameSessionState : IAccessState
{
    [Id(0)] public GameSettings Settings { get; set; } = new("", 0, 0, 0);
    [Id(1)] public string CreatedBy { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public string Epoch { get; set; } = "";
    [Id(4)] public GameStatus Status { get; set; }
    [Id(5)] public GameResult? Result { get; set; }
    [Id(6)] public ulong Seed { get; set; }

    [Id(7)] public TopicAccess? Access { get; set; }
}
