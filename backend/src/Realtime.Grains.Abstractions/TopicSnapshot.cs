namespace Realtime.Grains.Abstractions;

/// <summary>
/// What a stream restarts from when its resume point cannot be served: the topic's position and,
/// consistent with it, either its newest retained events (a chat room) or its whole state encoded
/// as the feature's wire message (a document).
/// </summary>
[GenerateSerializer, Immutable]
public sealed class TopicSnapshot
{
    [Id(0)] public required string Epoch { get; init; }
    [Id(1)] public required long Offset { get; init; }
    [Id(2)] public TopicEvent[] Events { get; init; } = [];
    [Id(3)] public byte[] State { get; init; } = [];
}
