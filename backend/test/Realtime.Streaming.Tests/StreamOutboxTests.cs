using Realtime.Streaming.Outbox;
using Realtime.Testing;

namespace Realtime.Streaming.Tests;

[Trait("Tier", "unit")]
public sealed class StreamOutboxTests
{
    private static readonly StreamingOptions SmallQueues = new() { OutboxCapacity = 8, CatchUpPageSize = 5, SnapshotSize = 3 };

    [Fact]
    public async Task LiveEvents_AreWrittenOnce_InOffsetOrder()
    {
        await using var harness = new StreamCoreHarness(SmallQueues);
        var (_, written, _) = await harness.OpenAsync(from: 0);

        for (var i = 0; i < 5; i++)
        {
            await harness.PublishAsync(harness.Grain.Append());
        }

        var frames = await StreamCoreHarness.WaitForAsync(written, w => w.Count == 6, "start + 5 events");
        Assert.Equal(["start", "1", "2", "3", "4", "5"], frames);
    }

    [Fact]
    public async Task AStalledWriter_OverflowsItsQueue_ThenCatchesUpFromHistory_WithoutGapOrDuplicate()
    {
        await using var harness = new StreamCoreHarness(SmallQueues);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stalled = false;
        var (subscription, written, _) = await harness.OpenAsync(from: 0, () => Volatile.Read(ref stalled) ? resume.Task : Task.CompletedTask);
        await harness.PublishAsync(harness.Grain.Append());
        await StreamCoreHarness.WaitForAsync(written, w => w.Contains("1"), "event 1 while live");

        Volatile.Write(ref stalled, true);
        for (var i = 0; i < 199; i++)
        {
            await harness.PublishAsync(harness.Grain.Append());
        }
        // The feed hands events over on its own loop: resuming before the queue overflowed could drain it in time.
        await Eventually.TrueAsync(() => subscription.IsCatchingUp, "the stalled stream's queue to overflow");
        resume.SetResult();

        var frames = await StreamCoreHarness.WaitForAsync(written, w => w.Contains("200"), "event 200");
        var offsets = frames.Where(f => long.TryParse(f, out _)).Select(long.Parse).ToList();
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), offsets);
        Assert.Contains("refresh", frames);
    }

    [Fact]
    public async Task ALatestWinsSubscription_WithAStalledWriter_HoldsOnlyTheNewestEvent_AndWritesItNext()
    {
        await using var harness = new StreamCoreHarness(SmallQueues);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stalled = false;
        var (subscription, written, _) = await harness.OpenAsync(from: 0, () => Volatile.Read(ref stalled) ? resume.Task : Task.CompletedTask, Delivery.LatestWins);
        await harness.PublishAsync(harness.Grain.Append());
        await StreamCoreHarness.WaitForAsync(written, w => w.Contains("1"), "event 1 while live");

        Volatile.Write(ref stalled, true);
        for (var i = 0; i < 199; i++)
        {
            await harness.PublishAsync(harness.Grain.Append());
        }
        // The feed hands events over on its own loop: resuming before it offered 200 would let the writer take an older one.
        await Eventually.TrueAsync(() => subscription.LastOffered == 200, "event 200 offered to the subscription");
        Volatile.Write(ref stalled, false);
        resume.SetResult();

        // The writer stalls on whichever event it took first (if any before 200); 200 replaces the rest.
        var frames = await StreamCoreHarness.WaitForAsync(written, w => w.Contains("200"), "event 200");
        Assert.Equal(["start", "1"], frames.Take(2));
        Assert.Equal("200", frames[^1]);
        Assert.InRange(frames.Count, 3, 4);
    }

    [Fact]
    public async Task ABusGap_IsFilledFromHistory_BeforeNewerEvents()
    {
        await using var harness = new StreamCoreHarness(SmallQueues);
        var (_, written, _) = await harness.OpenAsync(from: 0);
        await harness.PublishAsync(harness.Grain.Append());
        await StreamCoreHarness.WaitForAsync(written, w => w.Contains("1"), "event 1");

        harness.Grain.Append();
        harness.Grain.Append();
        await harness.PublishAsync(harness.Grain.Append());

        var frames = await StreamCoreHarness.WaitForAsync(written, w => w.Contains("4"), "event 4");
        Assert.Equal(["start", "1", "2", "3", "4"], frames);
    }

    [Fact]
    public async Task ResumingBeforeTrimmedHistory_SendsContinuityLost_WithTheNewestEvents_ThenLive()
    {
        await using var harness = new StreamCoreHarness(SmallQueues);
        for (var i = 0; i < 20; i++)
        {
            harness.Grain.Append();
        }
        harness.Grain.TrimBefore(11);
        var (_, written, _) = await harness.OpenAsync(from: 4);
        await StreamCoreHarness.WaitForAsync(written, w => w.Count == 2, "start and the continuity loss");

        await harness.PublishAsync(harness.Grain.Append());

        var frames = await StreamCoreHarness.WaitForAsync(written, w => w.Contains("21"), "event 21");
        Assert.Equal(["start", $"lost:{ContinuityLossReason.HistoryTrimmed}:20:18,19,20", "21"], frames);
    }

    [Fact]
    public async Task AnEpochChange_OnTheBus_MakesLiveStreamsReportContinuityLost()
    {
        await using var harness = new StreamCoreHarness(SmallQueues);
        var (_, written, _) = await harness.OpenAsync(from: 0);
        await harness.PublishAsync(harness.Grain.Append());
        await StreamCoreHarness.WaitForAsync(written, w => w.Contains("1"), "event 1");

        harness.Grain.Epoch = "e2";
        harness.Grain.TrimBefore(long.MaxValue);
        await harness.PublishAsync(harness.Grain.Append());

        var frames = await StreamCoreHarness.WaitForAsync(written, w => w.Any(f => f.StartsWith("lost", StringComparison.Ordinal)), "continuity lost");
        Assert.Equal($"lost:{ContinuityLossReason.EpochChanged}:1:1", frames[^1]);
    }

    [Fact]
    public async Task Complete_FlushesWhatIsQueued_ThenTheLastFrame_ThenEnds()
    {
        await using var harness = new StreamCoreHarness(SmallQueues);
        var (_, written, outbox) = await harness.OpenAsync(from: 0);
        await harness.PublishAsync(harness.Grain.Append());

        await StreamCoreHarness.WaitForAsync(written, w => w.Contains("1"), "event 1");
        outbox.Complete(() => "bye");

        var frames = await StreamCoreHarness.WaitForAsync(written, w => w.Contains("bye"), "the last frame");
        Assert.Equal(["start", "1", "bye"], frames);
    }
}
