using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

/// <summary>An edit, deletion or reaction not yet acked; resent with the same client change id after a reconnect.</summary>
internal sealed record PendingChange(long Sequence, string RoomId, ChatClientFrame Command)
{
    public TaskCompletionSource<ChangeAck> Ack { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set once a FailedPrecondition was taken for "not joined" and the room rejoined: a second one is the message's own state.</summary>
    public bool RejoinedOnce { get; set; }
}
