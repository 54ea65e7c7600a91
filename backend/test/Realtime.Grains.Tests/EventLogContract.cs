using Microsoft.Extensions.Time.Testing;
using Realtime.Grains.Log;

namespace Realtime.Grains.Tests;

/// <summary>What every event log guarantees; run against the in-memory log and the Redis log.</summary>
public abstract class EventLogContract
{
    protected static readonly LogRetention KeepAnHour = new(100, TimeSpan.FromHours(1));

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    protected abstract IEventLog Log { get; }

    protected static string Topic() => $"t/{Guid.NewGuid():N}";

    protected async Task AppendAsync(string topic, long from, long to, LogRetention retention)
    {
        for (var offset = from; offset <= to; offset++)
        {
            await Log.AppendAsync(topic, [Entry(offset)], retention, default);
        }
    }

    private LogEntry Entry(long offset) => new(offset, Time.GetUtcNow(), [(byte)offset]);

    [Fact]
    public async Task Entries_read_back_by_offset_range_in_both_directions()
    {
        var topic = Topic();
        await AppendAsync(topic, 1, 10, KeepAnHour);

        var after = await Log.ReadAfterAsync(topic, 3, 4, default);
        var before = await Log.ReadBeforeAsync(topic, 6, 3, default);
        var beyond = await Log.ReadAfterAsync(topic, 10, 5, default);

        Assert.Equal([4L, 5, 6, 7], after.Select(e => e.Offset));
        Assert.Equal([(byte)4, (byte)5, (byte)6, (byte)7], after.Select(e => e.Data[0]));
        Assert.Equal([5L, 4, 3], before.Select(e => e.Offset));
        Assert.Empty(beyond);
        Assert.Equal(new LogBounds(1, 10), await Log.GetBoundsAsync(topic, default));
    }

    [Fact]
    public async Task An_append_that_skips_or_repeats_an_offset_is_refused()
    {
        var topic = Topic();
        await AppendAsync(topic, 1, 1, KeepAnHour);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Log.AppendAsync(topic, [Entry(3)], KeepAnHour, default));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Log.AppendAsync(topic, [Entry(1)], KeepAnHour, default));
    }

    [Fact]
    public async Task A_batch_is_stored_whole_in_order_or_not_at_all()
    {
        var topic = Topic();
        await AppendAsync(topic, 1, 2, KeepAnHour);

        await Log.AppendAsync(topic, [Entry(3), Entry(4), Entry(5)], KeepAnHour, default);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Log.AppendAsync(topic, [Entry(7), Entry(8)], KeepAnHour, default));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Log.AppendAsync(topic, [Entry(5), Entry(6)], KeepAnHour, default));

        Assert.Equal([1L, 2, 3, 4, 5], (await Log.ReadAfterAsync(topic, 0, 100, default)).Select(e => e.Offset));
        Assert.Equal([(byte)3, (byte)4, (byte)5], (await Log.ReadAfterAsync(topic, 2, 100, default)).Select(e => e.Data[0]));
        Assert.Equal(new LogBounds(1, 5), await Log.GetBoundsAsync(topic, default));
    }

    [Fact]
    public async Task The_newest_command_ids_are_kept_apart_from_the_events_and_read_newest_first()
    {
        var topic = Topic();
        var keepThree = new LogRetention(2, TimeSpan.FromHours(1), CommandIds: 3);

        await Log.AppendAsync(topic, [Entry(1) with { CommandId = "a" }, Entry(2), Entry(3) with { CommandId = "3:bobx" }], keepThree, default);
        await Log.AppendAsync(topic, [Entry(4) with { CommandId = "c" }, Entry(5) with { CommandId = "d" }], keepThree, default);

        Assert.Equal([new StoredCommand("d", 5), new StoredCommand("c", 4), new StoredCommand("3:bobx", 3)], await Log.ReadCommandIdsAsync(topic, 10, default));
        Assert.Equal([new StoredCommand("d", 5)], await Log.ReadCommandIdsAsync(topic, 1, default));
        Assert.Equal([4L, 5], (await Log.ReadAfterAsync(topic, 0, 10, default)).Select(e => e.Offset));
        Assert.Empty(await Log.ReadCommandIdsAsync(Topic(), 10, default));
    }

    [Fact]
    public async Task A_batch_is_trimmed_by_count_like_single_appends()
    {
        var topic = Topic();

        await Log.AppendAsync(topic, [.. Enumerable.Range(1, 10).Select(i => Entry(i))], new LogRetention(4, TimeSpan.FromHours(1)), default);

        Assert.Equal([7L, 8, 9, 10], (await Log.ReadAfterAsync(topic, 0, 100, default)).Select(e => e.Offset));
        Assert.Equal(new LogBounds(7, 10), await Log.GetBoundsAsync(topic, default));
    }

    [Fact]
    public async Task Retention_by_count_and_by_what_a_snapshot_covers_keeps_the_last_offset()
    {
        var (byCount, bySnapshot) = (Topic(), Topic());
        await AppendAsync(byCount, 1, 10, new LogRetention(4, TimeSpan.FromHours(1)));
        await AppendAsync(bySnapshot, 1, 10, new LogRetention(int.MaxValue, TimeSpan.MaxValue, DropThrough: 7));

        Assert.Equal(new LogBounds(7, 10), await Log.GetBoundsAsync(byCount, default));
        Assert.Equal([7L, 8, 9, 10], (await Log.ReadAfterAsync(byCount, 0, 100, default)).Select(e => e.Offset));
        Assert.Equal(new LogBounds(8, 10), await Log.GetBoundsAsync(bySnapshot, default));
    }

    [Fact]
    public async Task Entries_older_than_the_maximum_age_are_gone_but_the_last_offset_is_kept()
    {
        var topic = Topic();
        await AppendAsync(topic, 1, 1, KeepAnHour);
        Time.Advance(TimeSpan.FromMinutes(50));
        await AppendAsync(topic, 2, 2, KeepAnHour);
        Time.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal(new LogBounds(2, 2), await Log.GetBoundsAsync(topic, default));
        Assert.Equal([2L], (await Log.ReadAfterAsync(topic, 0, 10, default)).Select(e => e.Offset));
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new LogBounds(3, 2), await Log.GetBoundsAsync(topic, default));
    }

    [Fact]
    public async Task A_redacted_entry_reads_back_with_its_new_data_at_its_offset_in_both_directions_and_pages()
    {
        var topic = Topic();
        await AppendAsync(topic, 1, 10, KeepAnHour);

        var redacted = await Log.RedactAsync(topic, 5, [50], default);
        var again = await Log.RedactAsync(topic, 5, [55], default);
        await Log.RedactAsync(topic, 6, [60], default);
        var missing = await Log.RedactAsync(topic, 11, [110], default);
        await AppendAsync(topic, 11, 11, KeepAnHour);

        Assert.True(redacted && again);
        Assert.False(missing);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], (await Log.ReadAfterAsync(topic, 0, 100, default)).Select(e => e.Offset));
        Assert.Equal([(4L, (byte)4), (5L, (byte)55), (6L, (byte)60)], (await Log.ReadAfterAsync(topic, 3, 3, default)).Select(e => (e.Offset, e.Data[0])));
        Assert.Equal([(6L, (byte)60), (5L, (byte)55), (4L, (byte)4)], (await Log.ReadBeforeAsync(topic, 7, 3, default)).Select(e => (e.Offset, e.Data[0])));
        Assert.Equal([5L, 6], (await Log.ReadAfterAsync(topic, 4, 2, default)).Select(e => e.Offset));
        Assert.Equal(new LogBounds(1, 11), await Log.GetBoundsAsync(topic, default));
        Assert.Equal(Time.GetUtcNow(), (await Log.ReadAfterAsync(topic, 4, 1, default))[0].StoredAt);
    }

    [Fact]
    public async Task A_redacted_entry_is_trimmed_with_its_neighbours()
    {
        var topic = Topic();
        var keepFive = new LogRetention(5, TimeSpan.FromHours(1));
        await AppendAsync(topic, 1, 5, keepFive);
        await Log.RedactAsync(topic, 2, [20], default);
        await Log.RedactAsync(topic, 4, [40], default);

        await AppendAsync(topic, 6, 8, keepFive);

        Assert.Equal([(4L, (byte)40), (5L, (byte)5), (6L, (byte)6), (7L, (byte)7), (8L, (byte)8)], (await Log.ReadAfterAsync(topic, 0, 100, default)).Select(e => (e.Offset, e.Data[0])));
        Assert.False(await Log.RedactAsync(topic, 2, [21], default));
        Assert.Equal(new LogBounds(4, 8), await Log.GetBoundsAsync(topic, default));
    }
}

[Trait("Tier", "unit")]
public sealed class InMemoryEventLogTests : EventLogContract
{
    public InMemoryEventLogTests() => Log = new InMemoryEventLog(Time);

    protected override IEventLog Log { get; }
}
