namespace Realtime.Grains.Log;

/// <summary>
/// Append-only history per topic: appending costs O(entry), never a rewrite of the history. Offsets
/// are assigned by the owning grain and appended in order; only the owning grain appends.
/// Entries are durable once <see cref="AppendAsync"/> completes, which is when the grain may ack them.
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// Appends consecutive entries, the first following the topic's last offset, all or none (a group
    /// commit: one round trip for a batch). Throws <see cref="InvalidOperationException"/> if the first
    /// does not follow.
    /// </summary>
    ValueTask AppendAsync(string topic, IReadOnlyList<LogEntry> entries, LogRetention retention, CancellationToken cancellationToken);

    /// <summary>Retained entries with offset &gt; <paramref name="afterOffset"/>, oldest first.</summary>
    ValueTask<LogEntry[]> ReadAfterAsync(string topic, long afterOffset, int maxCount, CancellationToken cancellationToken);

    /// <summary>Retained entries with offset &lt; <paramref name="beforeOffset"/>, newest first.</summary>
    ValueTask<LogEntry[]> ReadBeforeAsync(string topic, long beforeOffset, int maxCount, CancellationToken cancellationToken);

    ValueTask<LogBounds> GetBoundsAsync(string topic, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the data of a retained entry (a deleted message by its tombstone), so the stored copy no longer holds what it
    /// said; its offset and time stay, and reads return the new data. False if the entry is no longer retained.
    /// </summary>
    ValueTask<bool> RedactAsync(string topic, long offset, byte[] data, CancellationToken cancellationToken);

    /// <summary>The ids of the newest commands stored (at most <paramref name="maxCount"/>), newest first.</summary>
    ValueTask<StoredCommand[]> ReadCommandIdsAsync(string topic, int maxCount, CancellationToken cancellationToken);
}
