using Realtime.Grains.Abstractions;
using Realtime.Grains.Log;

namespace Realtime.Server.Tests;

/// <summary>
/// The in-memory log, except that while <see cref="Stalled"/> a history read waits until its caller
/// cancels it — a storage that stopped answering — and counts the reads that were cancelled; and while
/// <see cref="Failing"/> reads after an offset fail at once.
/// </summary>
internal sealed class StallingEventLog(TimeProvider time) : IEventLog
{
    private readonly InMemoryEventLog _inner = new(time);
    private int _cancelledReads;
    private int _failedReads;

    public volatile bool Stalled;

    /// <summary>While true, reads after an offset fail at once, as a storage that refuses them does.</summary>
    public volatile bool Failing;

    public int CancelledReads => Volatile.Read(ref _cancelledReads);

    public int FailedReads => Volatile.Read(ref _failedReads);

    public ValueTask AppendAsync(string topic, IReadOnlyList<LogEntry> entries, LogRetention retention, CancellationToken cancellationToken) =>
        _inner.AppendAsync(topic, entries, retention, cancellationToken);

    public async ValueTask<LogEntry[]> ReadAfterAsync(string topic, long afterOffset, int maxCount, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            Interlocked.Increment(ref _failedReads);
            throw new StorageUnavailableException("The log refuses reads (test).");
        }
        await StallAsync(cancellationToken);
        return await _inner.ReadAfterAsync(topic, afterOffset, maxCount, cancellationToken);
    }

    public async ValueTask<LogEntry[]> ReadBeforeAsync(string topic, long beforeOffset, int maxCount, CancellationToken cancellationToken)
    {
        await StallAsync(cancellationToken);
        return await _inner.ReadBeforeAsync(topic, beforeOffset, maxCount, cancellationToken);
    }

    public ValueTask<LogBounds> GetBoundsAsync(string topic, CancellationToken cancellationToken) => _inner.GetBoundsAsync(topic, cancellationToken);

    public ValueTask<bool> RedactAsync(string topic, long offset, byte[] data, CancellationToken cancellationToken) =>
        _inner.RedactAsync(topic, offset, data, cancellationToken);

    public ValueTask<StoredCommand[]> ReadCommandIdsAsync(string topic, int maxCount, CancellationToken cancellationToken) =>
        _inner.ReadCommandIdsAsync(topic, maxCount, cancellationToken);

    private async Task StallAsync(CancellationToken cancellationToken)
    {
        if (!Stalled)
        {
            return;
        }
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelledReads);
            throw;
        }
    }
}
