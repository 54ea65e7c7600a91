using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Chat;

/// <summary>
/// A deleted message's content leaves the log's stored copy too, while retention still keeps it: once the deletion is
/// durable, the message's entry is replaced by its tombstone and each of its edits by an edit with no content. A client
/// resuming from before it then receives the tombstone and the deletion. Best effort: a failure (the log's store away)
/// is logged and leaves the content until retention drops it; history and snapshots never show it either way.
/// </summary>
public sealed partial class ChatRoomGrain
{
    private async Task RedactAsync(long[] offsets)
    {
        try
        {
            foreach (var offset in offsets)
            {
                var entry = (await log.ReadAfterAsync(Topic, offset - 1, 1, CancellationToken.None)).FirstOrDefault(e => e.Offset == offset);
                if (entry is null)
                {
                    continue;
                }
                var frame = ChatServerFrame.Parser.ParseFrom(entry.Data);
                if (frame.Message is { } message)
                {
                    MessageFolds.Tombstone(message);
                }
                else if (frame.Changed?.Edited is { } edited)
                {
                    edited.Content = "";
                }
                await log.RedactAsync(Topic, offset, frame.ToByteArray(), CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            LogRedactionFailed(ex, Topic, offsets[0]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing deleted message {Offset} of {Topic} from the log failed; its content stays there until retention drops it")]
    private partial void LogRedactionFailed(Exception exception, string topic, long offset);
}
