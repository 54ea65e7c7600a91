using Microsoft.Extensions.Logging;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Chat;

/// <summary>
/// Mentions reach the mentioned users' inboxes once the message is stored, for those who may read the room (a mention
/// does not open a private room to anyone). After the ack and best effort: a silo lost in between loses the
/// notification, never the message; an inbox stores each mention once.
/// </summary>
public sealed partial class ChatRoomGrain
{
    private async Task NotifyMentionedAsync(ChatMessage message)
    {
        var mention = new InboxMention(RoomId, message.Epoch, message.Offset, message.SenderId, message.ThreadOffset, message.SentAt.ToDateTimeOffset());
        var readers = message.Mentions.Where(user => Access.RoleOf(new Caller(user, false)) >= AccessRole.Reader).ToArray();
        await Task.WhenAll(readers.Select(async user =>
        {
            try
            {
                await GrainFactory.GetGrain<IUserInboxGrain>(user).NotifyAsync(mention);
            }
            catch (Exception ex)
            {
                LogNotifyFailed(ex, Topic, message.Offset, user);
            }
        }));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling {User} of their mention in {Topic} at {Offset} failed; the message is stored, the notification is lost")]
    private partial void LogNotifyFailed(Exception exception, string topic, long offset, string user);
}
