namespace Realtime.Grains.Abstractions;

/// <summary>
/// A contiguous run of retained events, oldest first. <see cref="FirstOffset"/> is the oldest
/// offset still retained (LastOffset + 1 when nothing is), so a reader can tell whether history
/// still reaches back to where it left off.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class HistoryPage
{
    [Id(0)] public required string Epoch { get; init; }
    [Id(1)] public required long FirstOffset { get; init; }
    [Id(2)] public required long LastOffset { get; init; }
    [Id(3)] public required TopicEvent[] Events { get; init; }
}
