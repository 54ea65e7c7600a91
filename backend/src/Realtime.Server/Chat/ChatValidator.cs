using System.Text;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Realtime.Grains.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Chat;

/// <summary>Checks chat commands at the edge, naming every field that breaks a rule.</summary>
public sealed class ChatValidator(IOptions<ChatOptions> options)
{
    public void Join(JoinRoom? join)
    {
        var violations = new List<Violation>();
        if (join is null)
        {
            CommandException.ThrowIfAny([new Violation("join", "is required")]);
            return;
        }
        RoomId(violations, "join.room_id", join.RoomId);
        if (join.ResumeFrom is { } resume)
        {
            if (string.IsNullOrEmpty(resume.Epoch))
            {
                violations.Add(new Violation("join.resume_from.epoch", "is required when resuming"));
            }
            if (resume.Offset < 0)
            {
                violations.Add(new Violation("join.resume_from.offset", "must not be negative"));
            }
        }
        CommandException.ThrowIfAny(violations);
    }

    public void Room(string field, string roomId)
    {
        var violations = new List<Violation>();
        RoomId(violations, field, roomId);
        CommandException.ThrowIfAny(violations);
    }

    public void Send(SendMessage? send)
    {
        if (send is null)
        {
            CommandException.ThrowIfAny([new Violation("send", "is required")]);
            return;
        }
        var limits = options.Value;
        var violations = new List<Violation>();
        RoomId(violations, "send.room_id", send.RoomId);
        if (string.IsNullOrEmpty(send.ClientMessageId) || send.ClientMessageId.Length > limits.MaxClientMessageIdLength)
        {
            violations.Add(new Violation("send.client_message_id", $"must be 1-{limits.MaxClientMessageIdLength} characters"));
        }
        if (string.IsNullOrWhiteSpace(send.Content))
        {
            violations.Add(new Violation("send.content", "must not be empty"));
        }
        CommandException.ThrowIfAny(violations);
        if (Encoding.UTF8.GetByteCount(send.Content) > limits.MaxContentBytes)
        {
            throw new CommandException(StatusCode.ResourceExhausted, $"send.content: larger than {limits.MaxContentBytes} bytes",
                [new Violation("send.content", $"must be at most {limits.MaxContentBytes} UTF-8 bytes")]);
        }
    }

    public void Typing(SetTyping? typing)
    {
        if (typing is null)
        {
            CommandException.ThrowIfAny([new Violation("typing", "is required")]);
            return;
        }
        Room("typing.room_id", typing.RoomId);
    }

    public void Create(CreateRoomRequest request)
    {
        var violations = new List<Violation>();
        RoomId(violations, "room_id", request.RoomId);
        if (request.DisplayName.Length > options.Value.MaxDisplayNameLength)
        {
            violations.Add(new Violation("display_name", $"must be at most {options.Value.MaxDisplayNameLength} characters"));
        }
        CommandException.ThrowIfAny(violations);
    }

    private static void RoomId(List<Violation> violations, string field, string roomId)
    {
        if (!Identifiers.IsValid(roomId))
        {
            violations.Add(new Violation(field, Identifiers.Rule));
        }
    }
}
