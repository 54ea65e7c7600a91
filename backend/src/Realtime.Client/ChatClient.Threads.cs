using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    /// <summary>
    /// Replies in the thread whose root is the message at <paramref name="threadOffset"/>; retried like
    /// <see cref="SendAsync(string, string, string?, CancellationToken)"/>. A root that is a reply or gone is refused.
    /// </summary>
    public Task<MessageAck> ReplyAsync(string roomId, long threadOffset, string content, string? clientMessageId = null, CancellationToken cancellationToken = default) =>
        SendAsync(new SendMessage { RoomId = roomId, ThreadOffset = threadOffset, Content = content, ClientMessageId = clientMessageId ?? "" }, cancellationToken);

    /// <summary>
    /// Sends a message with every option set as the caller wants (a reply, users it mentions besides the
    /// @user-ids in its content, a kind and metadata); an empty client message id is filled in. Retried like
    /// <see cref="SendAsync(string, string, string?, CancellationToken)"/>.
    /// </summary>
    public Task<MessageAck> SendAsync(SendMessage message, CancellationToken cancellationToken = default)
    {
        var command = message.Clone();
        if (command.ClientMessageId.Length == 0)
        {
            command.ClientMessageId = Guid.NewGuid().ToString("N");
        }
        return SendCommandAsync(command, cancellationToken);
    }

    /// <summary>A thread's root and a page of its replies, oldest first, each as it is now.</summary>
    public async Task<ListThreadRepliesResponse> ListThreadRepliesAsync(string roomId, long threadOffset, int pageSize, string pageToken = "", CancellationToken cancellationToken = default) =>
        await _api.ListThreadRepliesAsync(
            new ListThreadRepliesRequest { RoomId = roomId, ThreadOffset = threadOffset, PageSize = pageSize, PageToken = pageToken },
            await CallOptionsAsync(cancellationToken));
}
