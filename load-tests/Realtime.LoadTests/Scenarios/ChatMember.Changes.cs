using System.Diagnostics;
using System.Globalization;
using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>A member's edits and reactions: issued, resent and acked like its sends, tracked by change id.</summary>
public sealed partial class ChatMember
{
    private readonly SortedDictionary<long, ChatClientFrame> _pendingChanges = [];
    private readonly Dictionary<long, bool> _reactions = [];
    private long _lastMessageOffset;
    private long _changesAcked;

    /// <summary>Edits and reactions of this member the server acked.</summary>
    public long ChangesAcked => Interlocked.Read(ref _changesAcked);

    /// <summary>The messages this member reacted to, and whether its reaction is on each now (its last one asked).</summary>
    public IReadOnlyDictionary<long, bool> Reactions
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<long, bool>(_reactions);
            }
        }
    }

    /// <summary>
    /// Toggles this member's reaction on the newest message it has delivered (change <paramref name="n"/>);
    /// before any message arrived it does nothing.
    /// </summary>
    public Task ReactAsync(long n)
    {
        ChatClientFrame command;
        lock (_gate)
        {
            if (_lastMessageOffset == 0)
            {
                return Task.CompletedTask;
            }
            var target = _lastMessageOffset;
            var remove = _reactions.GetValueOrDefault(target);
            _reactions[target] = !remove;
            command = new ChatClientFrame { React = new ReactToMessage { RoomId = room, MessageOffset = target, ClientChangeId = ChangeId(n), Emoji = "👍", Remove = remove } };
        }
        return ChangeAsync(n, command);
    }

    /// <summary>Edits this member's newest acked message (change <paramref name="n"/>); sends instead before it has one.</summary>
    public Task EditAsync(long n, string padding)
    {
        var target = MaxAcked;
        if (target < 1)
        {
            return SendAsync(n, padding);
        }
        var content = $"edit {n.ToString(CultureInfo.InvariantCulture)} {padding}";
        return ChangeAsync(n, new ChatClientFrame { Edit = new EditMessage { RoomId = room, MessageOffset = target, ClientChangeId = ChangeId(n), Content = content } });
    }

    /// <summary>Carries when the change was asked (a <see cref="Stopwatch"/> timestamp of this process), for its latency at every member.</summary>
    private string ChangeId(long n) => $"{runId}-{id}-{Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture)}-c{n}";

    private Task ChangeAsync(long n, ChatClientFrame command) => IssueAsync(() => _pendingChanges[n] = command, command);

    /// <summary>The change acked (its id ends in "-c" and its number), under the lock.</summary>
    private void Acknowledge(ChangeAck ack)
    {
        var id = ack.ClientChangeId;
        if (long.TryParse(id.AsSpan(id.LastIndexOf("-c", StringComparison.Ordinal) + 2), CultureInfo.InvariantCulture, out var change) && _pendingChanges.Remove(change))
        {
            Interlocked.Increment(ref _changesAcked);
        }
    }
}
