using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Log;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Chat;

/// <summary>
/// A user's notifications, one at a time (the grain does not interleave): each is appended to the user's log and
/// acked once stored; the log's command ids make a mention stored once however often a room retries it.
/// </summary>
public sealed class UserInboxGrain(
    [PersistentState("inbox", GrainStorage.Name)] IPersistentState<UserInboxState> state,
    IEventLog log,
    IOptions<ChatOptions> options) : Grain, IUserInboxGrain
{
    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);
    private readonly Queue<string> _storedInOrder = new();
    private long _lastOffset;

    private string Topic => Topics.Inbox(this.GetPrimaryKeyString());

    private int MaxCount => options.Value.InboxMaxCount;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _lastOffset = (await log.GetBoundsAsync(Topic, cancellationToken)).LastOffset;
        foreach (var command in (await log.ReadCommandIdsAsync(Topic, MaxCount, cancellationToken)).Reverse())
        {
            Remember(command.CommandId);
        }
    }

    /// <summary>The mentions stored lately, as many as the log keeps.</summary>
    private void Remember(string key)
    {
        if (_stored.Add(key))
        {
            _storedInOrder.Enqueue(key);
        }
        while (_storedInOrder.Count > MaxCount)
        {
            _stored.Remove(_storedInOrder.Dequeue());
        }
    }

    public async Task<bool> NotifyAsync(InboxMention mention)
    {
        var key = $"{mention.RoomId}/{mention.Epoch}/{mention.MessageOffset}";
        if (_stored.Contains(key))
        {
            return false;
        }
        var notification = new Notification
        {
            Offset = _lastOffset + 1,
            Time = Timestamp.FromDateTimeOffset(mention.SentAt),
            Mention = new Mention { RoomId = mention.RoomId, MessageOffset = mention.MessageOffset, SenderId = mention.SenderId, ThreadOffset = mention.ThreadOffset },
        };
        var entry = new LogEntry(notification.Offset, mention.SentAt, notification.ToByteArray(), key);
        await log.AppendAsync(Topic, [entry], new LogRetention(MaxCount, TimeSpan.MaxValue, CommandIds: MaxCount), CancellationToken.None);
        _lastOffset = notification.Offset;
        Remember(key);
        return true;
    }

    public async Task<InboxPage> ListAsync(long beforeOffset, int count)
    {
        var before = beforeOffset <= 0 ? _lastOffset + 1 : beforeOffset;
        var entries = await log.ReadBeforeAsync(Topic, before, count, CancellationToken.None);
        return await PageAsync([.. entries.Select(entry => entry.Data)]);
    }

    public async Task<InboxPage> MarkSeenAsync(long offset)
    {
        var seen = Math.Clamp(offset, 0, _lastOffset);
        if (seen > state.State.SeenOffset)
        {
            state.State.SeenOffset = seen;
            await state.WriteStateAsync();
        }
        return await PageAsync([]);
    }

    private async Task<InboxPage> PageAsync(byte[][] notifications)
    {
        var first = (await log.GetBoundsAsync(Topic, CancellationToken.None)).FirstOffset;
        var unseen = _lastOffset - Math.Max(state.State.SeenOffset, first - 1);
        return new InboxPage(notifications, state.State.SeenOffset, _lastOffset, (int)Math.Max(0, unseen));
    }
}
