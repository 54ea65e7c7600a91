using Realtime.Grains.Log;

namespace Realtime.Grains.Tests;

[Trait("Tier", "unit")]
public sealed class GroupCommitTests
{
    private const string Topic = "chat/room";
    private static readonly LogRetention Keep = new(1000, TimeSpan.MaxValue);

    private readonly GatedLog _log = new();

    private static LogEntry Entry(long offset) => new(offset, DateTimeOffset.UnixEpoch, [(byte)offset]);

    [Fact]
    public async Task Entries_that_arrive_during_an_append_go_out_together_in_the_next_and_are_acked_in_order()
    {
        var commits = new GroupCommit(_log, Topic, lastDurable: 0, maxBatch: 100);
        var durableOrder = new List<long>();

        var first = commits.AppendAsync(Entry(1), Keep, () => durableOrder.Add(1));
        var queued = Enumerable.Range(2, 5).Select(i => commits.AppendAsync(Entry(i), Keep, () => durableOrder.Add(i))).ToArray();
        Assert.Equal(7, commits.NextOffset);
        Assert.Equal(0, commits.LastDurable);
        Assert.False(first.IsCompleted);

        _log.ReleaseOne();
        await first;
        _log.ReleaseOne();
        await Task.WhenAll(queued);

        Assert.Equal([[1L], [2L, 3, 4, 5, 6]], _log.Batches);
        Assert.Equal([1L, 2, 3, 4, 5, 6], durableOrder);
        Assert.Equal(6, commits.LastDurable);
        Assert.Equal([1L, 2, 3, 4, 5, 6], (await _log.Inner.ReadAfterAsync(Topic, 0, 100, default)).Select(e => e.Offset));
    }

    [Fact]
    public async Task A_batch_holds_at_most_the_configured_number_of_entries()
    {
        var commits = new GroupCommit(_log, Topic, lastDurable: 0, maxBatch: 2);

        var all = Enumerable.Range(1, 5).Select(i => commits.AppendAsync(Entry(i), Keep, () => { })).ToArray();
        for (var i = 0; i < 3; i++)
        {
            _log.ReleaseOne();
        }
        await Task.WhenAll(all);

        Assert.Equal([[1L], [2L, 3], [4L, 5]], _log.Batches);
    }

    [Fact]
    public async Task A_failed_append_fails_its_batch_and_all_behind_it_and_numbering_resumes_after_the_last_durable()
    {
        var commits = new GroupCommit(_log, Topic, lastDurable: 0, maxBatch: 100);
        var durable = new List<long>();
        var stored = commits.AppendAsync(Entry(1), Keep, () => durable.Add(1));
        _log.ReleaseOne();
        await stored;

        var failing = commits.AppendAsync(Entry(2), Keep, () => durable.Add(2));
        var behind = commits.AppendAsync(Entry(3), Keep, () => durable.Add(3));
        _log.FailOne(new TimeoutException("storage down"));

        await Assert.ThrowsAsync<TimeoutException>(() => failing);
        await Assert.ThrowsAsync<TimeoutException>(() => behind);
        Assert.Equal(1, commits.LastDurable);
        Assert.Equal(2, commits.NextOffset);
        var retried = commits.AppendAsync(Entry(2), Keep, () => durable.Add(2));
        _log.ReleaseOne();
        await retried;
        Assert.Equal([1L, 2], durable);
        Assert.Equal([1L, 2], (await _log.Inner.ReadAfterAsync(Topic, 0, 100, default)).Select(e => e.Offset));
        Assert.Throws<InvalidOperationException>(() => { _ = commits.AppendAsync(Entry(5), Keep, () => { }); });
    }

    /// <summary>The in-memory log behind a gate: each append waits until the test releases or fails it.</summary>
    private sealed class GatedLog : IEventLog
    {
        private readonly Queue<TaskCompletionSource> _gates = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public InMemoryEventLog Inner { get; } = new(TimeProvider.System);

        public List<long[]> Batches { get; } = [];

        public void ReleaseOne() => NextGate().SetResult();

        public void FailOne(Exception exception) => NextGate().SetException(exception);

        public async ValueTask AppendAsync(string topic, IReadOnlyList<LogEntry> entries, LogRetention retention, CancellationToken cancellationToken)
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gates)
            {
                _gates.Enqueue(gate);
            }
            _arrived.Release();
            await gate.Task;
            lock (Batches)
            {
                Batches.Add([.. entries.Select(e => e.Offset)]);
            }
            await Inner.AppendAsync(topic, entries, retention, cancellationToken);
        }

        public ValueTask<LogEntry[]> ReadAfterAsync(string topic, long afterOffset, int maxCount, CancellationToken cancellationToken) =>
            Inner.ReadAfterAsync(topic, afterOffset, maxCount, cancellationToken);

        public ValueTask<bool> RedactAsync(string topic, long offset, byte[] data, CancellationToken cancellationToken) =>
            Inner.RedactAsync(topic, offset, data, cancellationToken);

        public ValueTask<LogEntry[]> ReadBeforeAsync(string topic, long beforeOffset, int maxCount, CancellationToken cancellationToken) =>
            Inner.ReadBeforeAsync(topic, beforeOffset, maxCount, cancellationToken);

        public ValueTask<LogBounds> GetBoundsAsync(string topic, CancellationToken cancellationToken) => Inner.GetBoundsAsync(topic, cancellationToken);

        public ValueTask<StoredCommand[]> ReadCommandIdsAsync(string topic, int maxCount, CancellationToken cancellationToken) =>
            Inner.ReadCommandIdsAsync(topic, maxCount, cancellationToken);

        private TaskCompletionSource NextGate()
        {
            if (!_arrived.Wait(TimeSpan.FromSeconds(20)))
            {
                throw new TimeoutException("No append arrived at the gate.");
            }
            lock (_gates)
            {
                return _gates.Dequeue();
            }
        }
    }
}
