using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>A server that keeps only 20 messages per room, so resumes can fall off the end of history.</summary>
[Trait("Tier", "integration")]
public sealed class RetentionTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Chat:HistoryMaxCount"] = "20",
        ["Streaming:SnapshotSize"] = "5",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Resume_FromBeyondRetainedHistory_GivesContinuityLost_WithTheNewestMessages_ThenLive()
    {
        var room = Ids.Unique("room");
        var channel = _server.NativeChannel();
        await using var sender = ChatStream.Open(channel, _server.Token(Ids.Unique("sender")));
        var joined = await sender.JoinAsync(room);
        for (var i = 1; i <= 30; i++)
        {
            await sender.SendAsync(room, $"m{i}");
        }
        await sender.MessagesAsync(room, 30);

        await using var late = ChatStream.Open(channel, _server.Token(Ids.Unique("late")));
        await late.JoinAsync(room, new StreamPosition { Epoch = joined.Position.Epoch, Offset = 2 });
        var lost = (await late.FrameAsync(f => f.ContinuityLost is not null, "continuity lost")).ContinuityLost;
        await sender.SendAsync(room, "live");
        var live = await late.MessagesAsync(room, 1);

        Assert.Equal(ContinuityLossReason.HistoryTrimmed, lost.Reason);
        Assert.Equal(["m26", "m27", "m28", "m29", "m30"], lost.Snapshot.Select(m => m.Content));
        Assert.Equal(30, lost.Position.Offset);
        Assert.Equal(31, live.Single().Offset);
    }
}
