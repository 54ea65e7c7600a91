using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

/// <summary>A send not yet acked; resent with the same client message id after a reconnect.</summary>
internal sealed record PendingSend(long Sequence, SendMessage Command)
{
    public TaskCompletionSource<MessageAck> Ack { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Set when a FailedPrecondition refusal made the client rejoin the room and resend: a second one is not
    /// "not joined" but the message's own (a reply to a deleted thread root), and fails the send.
    /// </summary>
    public bool RejoinedOnce { get; set; }
}
