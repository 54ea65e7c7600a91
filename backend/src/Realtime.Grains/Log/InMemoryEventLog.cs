using System.Collections.Concurrent;

namespace Realtime.Grains.Log;

/// <summary>
/// The embedded-mode log: a bounded in-memory list per topic, kept for the life of the process
/// (grain deactivation does not lose it; a restart does, which the room's new epoch makes visible).
/// </summary>
public sealed class InMemoryEventLog(TimeProvider time) : IEventLog
{
    private readonly ConcurrentDictionary<string, TopicLog> _topics = new(StringComparer.Ordinal);

    public ValueTask AppendAsync(string topic, IReadOnlyList<LogEntry> entries, LogRetention retention, CancellationToken cancellationToken)
    {
        _topics.GetOrAdd(topic, _ => new TopicLog()).Append(entries, retention, time.GetUtcNow());
        return ValueTask.CompletedTask;
    }

    public ValueTask<LogEntry[]> ReadAfterAsync(string topic, long afterOffset, int maxCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_topics.TryGetValue(topic, out var log) ? log.ReadAfter(afterOffset, maxCount, time.GetUtcNow()) : []);

    public ValueTask<LogEntry[]> ReadBeforeAsync(string topic, long beforeOffset, int maxCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_topics.TryGetValue(topic, out var log) ? log.ReadBefore(beforeOffset, maxCount, time.GetUtcNow()) : []);

    public ValueTask<LogBounds> GetBoundsAsync(string topic, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_topics.TryGetValue(topic, out var log) ? log.Bounds(time.GetUtcNow()) : new LogBounds(1, 0));

    public ValueTask<bool> RedactAsync(string topic, long offset, byte[] data, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_topics.TryGetValue(topic, out var log) && log.Redact(offset, data, time.GetUtcNow()));

    public ValueTask<StoredCommand[]> ReadCommandIdsAsync(string topic, int maxCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_topics.TryGetValue(topic, out var log) ? log.CommandIds(maxCount) : []);

    private sealed class TopicLog
    {
        private readonly Lock _gate = new();
        private readonly List<LogEntry> _entries = [];
        private readonly Queue<StoredCommand> _commands = new();
        private long _lastOffset;
        private TimeSpan _maxAge = TimeSpan.MaxValue;

        public void Append(IReadOnlyList<LogEntry> entries, LogRetention retention, DateTimeOffset now)
        {
            lock (_gate)
            {
                for (var i = 0; i < entries.Count; i++)
                {
                    if (entries[i].Offset != _lastOffset + 1 + i)
                    {
                        throw new InvalidOperationException($"Offset {entries[i].Offset} does not follow {_lastOffset + i}.");
                    }
                }
                _entries.AddRange(entries);
                _lastOffset += entries.Count;
                foreach (var entry in entries)
                {
                    if (entry.CommandId is { } commandId && retention.CommandIds > 0)
                    {
                        _commands.Enqueue(new StoredCommand(commandId, entry.Offset));
                    }
                }
                while (_commands.Count > retention.CommandIds)
                {
                    _commands.Dequeue();
                }
                _maxAge = retention.MaxAge;
                var superseded = _entries.Count == 0 ? 0 : (int)Math.Clamp(retention.DropThrough - _entries[0].Offset + 1, 0, _entries.Count);
                var overCount = Math.Max(_entries.Count - retention.MaxCount, superseded);
                if (overCount > 0)
                {
                    _entries.RemoveRange(0, overCount);
                }
                TrimExpired(now);
            }
        }

        public LogEntry[] ReadAfter(long afterOffset, int maxCount, DateTimeOffset now)
        {
            lock (_gate)
            {
                TrimExpired(now);
                if (_entries.Count == 0 || maxCount <= 0 || afterOffset >= _lastOffset)
                {
                    return [];
                }
                var start = (int)Math.Max(0, afterOffset + 1 - _entries[0].Offset);
                return [.. _entries.Skip(start).Take(maxCount)];
            }
        }

        public LogEntry[] ReadBefore(long beforeOffset, int maxCount, DateTimeOffset now)
        {
            lock (_gate)
            {
                TrimExpired(now);
                if (_entries.Count == 0 || maxCount <= 0)
                {
                    return [];
                }
                var end = (int)Math.Min(_entries.Count, beforeOffset - _entries[0].Offset);
                if (end <= 0)
                {
                    return [];
                }
                var start = Math.Max(0, end - maxCount);
                var page = _entries.GetRange(start, end - start);
                page.Reverse();
                return [.. page];
            }
        }

        public bool Redact(long offset, byte[] data, DateTimeOffset now)
        {
            lock (_gate)
            {
                TrimExpired(now);
                var index = _entries.Count == 0 ? -1 : offset - _entries[0].Offset;
                if (index < 0 || index >= _entries.Count)
                {
                    return false;
                }
                _entries[(int)index] = _entries[(int)index] with { Data = data };
                return true;
            }
        }

        public StoredCommand[] CommandIds(int maxCount)
        {
            lock (_gate)
            {
                return [.. _commands.Reverse().Take(maxCount)];
            }
        }

        public LogBounds Bounds(DateTimeOffset now)
        {
            lock (_gate)
            {
                TrimExpired(now);
                return new LogBounds(_entries.Count > 0 ? _entries[0].Offset : _lastOffset + 1, _lastOffset);
            }
        }

        private void TrimExpired(DateTimeOffset now)
        {
            if (_maxAge == TimeSpan.MaxValue)
            {
                return;
            }
            var cutoff = now - _maxAge;
            var expired = 0;
            while (expired < _entries.Count && _entries[expired].StoredAt < cutoff)
            {
                expired++;
            }
            if (expired > 0)
            {
                _entries.RemoveRange(0, expired);
            }
        }
    }
}
