namespace Realtime.Grains.Abstractions.Chat;

/// <summary>
/// A message a sender wants stored: its client id (for idempotency), content, and for a typed message
/// (bots, app events) its kind and metadata; an empty kind is a plain message.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChatDraft(
    [property: Id(0)] string ClientMessageId,
    [property: Id(1)] string Content,
    [property: Id(2)] string Kind = "",
    [property: Id(3)] Dictionary<string, string>? Metadata = null);
