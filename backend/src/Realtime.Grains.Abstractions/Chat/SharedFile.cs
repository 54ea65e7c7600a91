namespace Realtime.Grains.Abstractions.Chat;

/// <summary>A stored attachment as a room message refers to it.</summary>
[GenerateSerializer, Immutable]
public sealed record SharedFile(
    [property: Id(0)] string AttachmentId,
    [property: Id(1)] string FileName,
    [property: Id(2)] string ContentType,
    [property: Id(3)] long Size);
