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
    private const int MaxMetadataKeyLength = 64;

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
        Typed(violations, send, limits);
        CommandException.ThrowIfAny(violations);
        if (Encoding.UTF8.GetByteCount(send.Content) > limits.MaxContentBytes)
        {
            throw new CommandException(StatusCode.ResourceExhausted, $"send.content: larger than {limits.MaxContentBytes} bytes",
                [new Violation("send.content", $"must be at most {limits.MaxContentBytes} UTF-8 bytes")]);
        }
    }

    /// <summary>A typed message's kind and metadata: names from a small alphabet, bounded in count and size.</summary>
    private static void Typed(List<Violation> violations, SendMessage send, ChatOptions limits)
    {
        if (send.Kind.Length > limits.MaxKindLength || !send.Kind.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-'))
        {
            violations.Add(new Violation("send.kind", $"must be at most {limits.MaxKindLength} characters: a-z, 0-9, '.', '_', '-'"));
        }
        if (send.Metadata.Count == 0)
        {
            return;
        }
        if (send.Kind.Length == 0)
        {
            violations.Add(new Violation("send.metadata", "needs a kind: metadata belongs to typed messages"));
        }
        if (send.Metadata.Count > limits.MaxMetadataEntries)
        {
            violations.Add(new Violation("send.metadata", $"must have at most {limits.MaxMetadataEntries} entries"));
        }
        if (send.Metadata.Keys.Any(key => key.Length is 0 or > MaxMetadataKeyLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            violations.Add(new Violation("send.metadata", $"keys must be 1-{MaxMetadataKeyLength} characters: letters, digits, '.', '_', '-'"));
        }
        if (send.Metadata.Sum(entry => Encoding.UTF8.GetByteCount(entry.Key) + Encoding.UTF8.GetByteCount(entry.Value)) > limits.MaxMetadataBytes)
        {
            violations.Add(new Violation("send.metadata", $"keys and values must be at most {limits.MaxMetadataBytes} UTF-8 bytes together"));
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
