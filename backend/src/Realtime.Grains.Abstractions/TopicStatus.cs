namespace Realtime.Grains.Abstractions;

/// <summary>What an operator sees of any topic grain: its position, who is present, and where it runs.</summary>
[GenerateSerializer, Immutable]
public sealed class TopicStatus
{
    [Id(0)] public required string Epoch { get; init; }
    [Id(1)] public required long LastOffset { get; init; }
    [Id(2)] public required string[] PresentUsers { get; init; }
    [Id(3)] public required int Connections { get; init; }
    /// <summary>The silo hosting this activation.</summary>
    [Id(4)] public required string Silo { get; init; }
}
