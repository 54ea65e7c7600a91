using Microsoft.Extensions.Time.Testing;
using Realtime.Grains.Log;

namespace Realtime.Grains.Tests;

/// <summary>What every event log guarantees; run against the in-memory log and the Redis log.</summary>
public abstract class EventLogContract
{
    private static readonly LogRetention KeepAnHour = new(100, TimeSpan.FromHours(1));

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    protected abstract IEventLog Log { get; }

    private static string Topic() => $"t/{Guid.NewGuid():N}";

    private async Task AppendAsync(string topic, long from, long to, LogRetention retention)
    {
        for (var offset = from; offset <= to; offset++)
        {
            await Log.AppendAsync(topic, new LogEntry(offset, Time.GetUtcNow(), [(byte)offset]), retention, default);
        }
    }

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

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Log.AppendAsync(topic, new LogEntry(3, Time.GetUtcNow(), []), KeepAnHour, default));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await Log.AppendAsync(topic, new LogEntry(1, Time.GetUtcNow(), []), KeepAnHour, default));
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
}

[Trait("Tier", "unit")]
public sealed class InMemoryEventLogTests : EventLogContract
{
    public InMemoryEventLogTests() => Log = new InMemoryEventLog(Time);

    protected override IEventLog Log { get; }
}
