using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;

namespace Realtime.Grains.Chat;

/// <summary>
/// A deployment's own rule for what members post, run by the room's grain on every send (a message, a reply, a
/// file's message, one the server API publishes) and every edit, after the room's access checks and before the
/// command is numbered and stored: it returns the command as it is or rewritten (a moderation filter that masks
/// words), or refuses it by throwing <see cref="Abstractions.TopicException"/> — Invalid with a field ("content")
/// is InvalidArgument naming it, Denied is PermissionDenied — and nothing is stored. Register with
/// <see cref="ChatGrainsServiceCollectionExtensions.AddChatCommandFilter{TFilter}"/>; filters run in registration order.
/// A room numbers a send with no await after its checks, so a filter is synchronous and must not block: it decides
/// from what it is given and what it holds in memory.
/// </summary>
public interface IChatCommandFilter
{
    ChatDraft OnSend(ChatCommandContext context, ChatDraft draft) => draft;

    /// <returns>The content the edit stores.</returns>
    string OnEdit(ChatCommandContext context, long messageOffset, string content) => content;
}

/// <summary>Where a command is and who gives it (a server-API principal's commands come with <see cref="Caller.IsAdmin"/> and the draft's PostedBy).</summary>
public sealed record ChatCommandContext(string RoomId, Caller Caller);
