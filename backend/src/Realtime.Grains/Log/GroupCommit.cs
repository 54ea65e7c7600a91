namespace Realtime.Grains.Log;

/// <summary>
/// A topic grain's appends, group-committed: while one append is in flight, the entries that arrive
/// wait and then go out together as the next append (one round trip, offsets in order), so a busy
/// topic is not held to one event per storage round trip. Acked still means durable: an entry's task
/// completes only once its batch is stored, after its <c>onDurable</c> callback ran (in offset order;
/// the grain publishes there). A failed append fails its batch and every entry behind it (their
/// offsets followed it), and numbering resumes after the last durable offset.
/// Used from one grain activation's turns, whose scheduler runs one thing at a time: no locks.
/// </summary>
public sealed class GroupCommit(IEventLog log, string topic, long lastDurable, int maxBatch)
{
    private List<Waiting> _waiting = [];
    private bool _appending;
    private long _lastAssigned = lastDurable;
    private LogRetention _retention = new(int.MaxValue, TimeSpan.MaxValue);

    /// <summary>The last offset stored: what readers and joiners are told.</summary>
    public long LastDurable { get; private set; } = lastDurable;

    /// <summary>The offset the next entry must carry (after those waiting or in flight).</summary>
    public long NextOffset => _lastAssigned + 1;

    /// <summary>Queues an entry carrying <see cref="NextOffset"/>; the task completes when it is durable.</summary>
    public Task AppendAsync(LogEntry entry, LogRetention retention, Action onDurable)
    {
        if (entry.Offset != NextOffset)
        {
            throw new InvalidOperationException($"Offset {entry.Offset} is not the next offset {NextOffset}.");
        }
        _lastAssigned = entry.Offset;
        _retention = retention;
        var durable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add(new Waiting(entry, onDurable, durable));
        if (!_appending)
        {
            _appending = true;
            _ = AppendWaitingAsync();
        }
        return durable.Task;
    }

    private async Task AppendWaitingAsync()
    {
        while (_waiting.Count > 0)
        {
            var batch = _waiting.Count <= maxBatch ? _waiting : _waiting[..maxBatch];
            _waiting = batch == _waiting ? [] : _waiting[maxBatch..];
            try
            {
                await log.AppendAsync(topic, [.. batch.Select(w => w.Entry)], _retention, CancellationToken.None);
            }
            catch (Exception ex)
            {
                var refused = batch.Concat(_waiting).ToArray();
                _waiting = [];
                _lastAssigned = LastDurable;
                foreach (var waiting in refused)
                {
                    waiting.Durable.SetException(ex);
                }
                continue;
            }
            LastDurable = batch[^1].Entry.Offset;
            foreach (var waiting in batch)
            {
                waiting.OnDurable();
                waiting.Durable.SetResult();
            }
        }
        _appending = false;
    }

    private sealed record Waiting(LogEntry Entry, Action OnDurable, TaskCompletionSource Durable);
}
