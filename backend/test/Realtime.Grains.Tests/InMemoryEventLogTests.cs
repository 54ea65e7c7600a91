using Microsoft.Extensions.Time.Testing;
using Realtime.Grains.Log;

namespace Realtime.Grains.Tests;

public sealed class InMemoryEventLogTests
{
    private static readonly LogRetention KeepAnHour = new(100, TimeSpan.FromHours(1));

    [Fact]
    public async Task EntriesOlderThanTheMaximumAge_AreTrimmed_ButTheLastOffsetIsKept()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var log = new InMemoryEventLog(time);
        await log.AppendAsync("t", new LogEntry(1, time.GetUtcNow(), [1]), KeepAnHour, default);
        time.Advance(TimeSpan.FromMinutes(50));
        await log.AppendAsync("t", new LogEntry(2, time.GetUtcNow(), [2]), KeepAnHour, default);
        time.Advance(TimeSpan.FromMinutes(20));

        var bounds = await log.GetBoundsAsync("t", default);
        var entries = await log.ReadAfterAsync("t", 0, 10, default);

        Assert.Equal(new LogBounds(2, 2), bounds);
        Assert.Equal([2L], entries.Select(e => e.Offset));
    }

    [Fact]
    public async Task AnAppendThatSkipsAnOffset_IsRefused()
    {
        var log = new InMemoryEventLog(TimeProvider.System);
        await log.AppendAsync("t", new LogEntry(1, DateTimeOffset.UtcNow, []), KeepAnHour, default);

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await log.AppendAsync("t", new LogEntry(3, DateTimeOffset.UtcNow, []), KeepAnHour, default));
    }
}
