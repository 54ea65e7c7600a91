namespace Realtime.Grains.Abstractions.Chat;

/// <summary>
/// A page of a thread: its root and replies (oldest first), each an encoded <c>ChatMessage</c> in its
/// current state; <see cref="More"/> when replies follow the last one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ThreadPage(
    [property: Id(0)] string Epoch,
    [property: Id(1)] byte[] Root,
    [property: Id(2)] byte[][] Replies,
    [property: Id(3)] bool More);
