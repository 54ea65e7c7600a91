using Realtime.Grains.Abstractions;
using Realtime.Streaming.Outbox;

namespace Realtime.Streaming.Tests;

[Trait("Tier", "unit")]
public sealed class ContinuityLossTests
{
    private static HistoryPage Page(string epoch, long first, long last) => new() { Epoch = epoch, FirstOffset = first, LastOffset = last, Events = [] };

    [Theory]
    [InlineData("e1", 0, 1, 0, null)]
    [InlineData("e1", 5, 1, 10, null)]
    [InlineData("e1", 10, 11, 10, null)]
    [InlineData("e1", 4, 6, 10, ContinuityLossReason.HistoryTrimmed)]
    [InlineData("e1", 11, 1, 10, ContinuityLossReason.OffsetAhead)]
    [InlineData("e0", 5, 1, 10, ContinuityLossReason.EpochChanged)]
    public void Check_TellsWhetherHistoryContinuesAStream(string epoch, long lastSent, long first, long last, ContinuityLossReason? expected)
    {
        Assert.Equal(expected, ContinuityLoss.Check(epoch, lastSent, Page("e1", first, last)));
    }
}
