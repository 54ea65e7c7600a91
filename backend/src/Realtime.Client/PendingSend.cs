using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

/// <summary>A send not yet acked; resent with the same client message id after a reconnect.</summary>
internal sealed record PendingSend(long Sequence, SendMessage Command)
{
    public TaskCompletionSource<MessageAck> Ack { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
