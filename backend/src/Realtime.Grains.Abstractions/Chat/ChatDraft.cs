namespace Realtime.Grains.Abstractions.Chat;

/// <summary>
/// A message a sender wants stored: its client id (for idempotency), content, and for a typed message
/// (bots, app events) its kind and metadata; an empty kind is a plain message. A reply names its thread's
/// root by offset (0: not a reply); mentions are user ids, distinct, in id order, without the sender.
/// A draft the application's backend posts through the server API names its principal in <see cref="PostedBy"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ChatDraft(
    [property: Id(0)] string ClientMessageId,
    [property: Id(1)] string Content,
    [property: Id(2)] string Kind = "",
    [property: Id(3)] Dictionary<string, string>? Metadata = null,
    [property: Id(4)] long ThreadOffset = 0,
    [property: Id(5)] string[]? Mentions = null,
    [property: Id(6)] string PostedBy = "");
