using Realtime.Grains.Abstractions;
using Realtime.Protos.Common.V1;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Validation;

/// <summary>A chat room, document or game named by kind and id in a request.</summary>
public static class TopicRefs
{
    /// <summary>The topic's name on the bus ("chat/lobby"), or InvalidArgument naming <paramref name="kindField"/> and <paramref name="idField"/>.</summary>
    public static string Checked(TopicKind kind, string id, string kindField, string idField)
    {
        var violations = new List<Violation>();
        if (kind is not (TopicKind.ChatRoom or TopicKind.Document or TopicKind.Game))
        {
            violations.Add(new Violation(kindField, "must be TOPIC_KIND_CHAT_ROOM, TOPIC_KIND_DOCUMENT or TOPIC_KIND_GAME"));
        }
        if (!Identifiers.IsValid(id))
        {
            violations.Add(new Violation(idField, Identifiers.Rule));
        }
        if (violations.Count > 0)
        {
            throw CommandException.Invalid(violations);
        }
        return kind switch
        {
            TopicKind.ChatRoom => Topics.Chat(id),
            TopicKind.Document => Topics.Document(id),
            _ => Topics.Game(id),
        };
    }

    public static string Noun(TopicKind kind) => kind switch
    {
        TopicKind.ChatRoom => "chat room",
        TopicKind.Document => "document",
        _ => "game",
    };
}
