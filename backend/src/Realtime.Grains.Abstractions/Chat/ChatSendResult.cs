namespace Realtime.Grains.Abstractions.Chat;

[GenerateSerializer, Immutable]
public sealed class ChatSendResult
{
    [Id(0)] public required string Epoch { get; init; }
    [Id(1)] public required long Offset { get; init; }
    [Id(2)] public required DateTimeOffset SentAt { get; init; }
    /// <summary>True when the id had been stored before and this repeats the original result.</summary>
    [Id(3)] public required bool Duplicate { get; init; }
}
