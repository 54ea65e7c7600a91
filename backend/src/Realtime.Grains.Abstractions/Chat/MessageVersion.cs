namespace Realtime.Grains.Abstractions.Chat;

/// <summary>What a message said from <see cref="Time"/> on: as sent (at the message's offset) or after an edit (at the edit's).</summary>
[GenerateSerializer, Immutable]
public sealed record MessageVersion(
    [property: Id(0)] string Content,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] long Offset);
