namespace Realtime.Grains.Abstractions.Chat;

/// <summary>A message a sender wants stored: its client id (for idempotency) and content.</summary>
[GenerateSerializer, Immutable]
public sealed record ChatDraft(
    [property: Id(0)] string ClientMessageId,
    [property: Id(1)] string Content);
