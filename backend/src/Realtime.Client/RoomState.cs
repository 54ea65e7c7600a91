using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

/// <summary>What the client has of one joined room: the position it resumes from.</summary>
internal sealed class RoomState(string roomId)
{
    public string RoomId { get; } = roomId;

    /// <summary>Null until the first join is answered; afterwards every rejoin resumes from here.</summary>
    public string? Epoch { get; set; }

    public long Offset { get; set; }

    public TaskCompletionSource<RoomJoined>? Joining { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// True once the server confirmed the join on the current stream. Sends to the room wait until then:
    /// sent earlier (right after a reconnect, or while the room's grain moves) they would be refused as
    /// "not joined".
    /// </summary>
    public bool Live { get; set; }

    /// <summary>A resend of the room's unacked sends is due after a refusal's pause (one at a time).</summary>
    public bool ResendScheduled { get; set; }

    public JoinRoom JoinCommand()
    {
        var join = new JoinRoom { RoomId = RoomId };
        if (Epoch is not null)
        {
            join.ResumeFrom = new Protos.Common.V1.StreamPosition { Epoch = Epoch, Offset = Offset };
        }
        return join;
    }

    /// <summary>True if the event (a message or a change to one) is new to this client (and records it); false for a replayed duplicate.</summary>
    public bool Accept(string epoch, long offset)
    {
        if (string.Equals(epoch, Epoch, StringComparison.Ordinal) && offset <= Offset)
        {
            return false;
        }
        Epoch = epoch;
        Offset = offset;
        return true;
    }
}
