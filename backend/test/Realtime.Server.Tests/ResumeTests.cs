using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class ResumeTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Resume_AfterDisconnect_ReplaysExactlyTheMissedMessagesInOrder_ThenLive()
    {
        var room = Ids.Unique("room");
        var channel = Server.NativeChannel();
        var reader = Ids.Unique("reader");
        await using var sender = ChatStream.Open(channel, Server.Token(Ids.Unique("sender")));
        await sender.JoinAsync(room);
        await sender.SendAsync(room, "before");
        // Sends are not awaited answers: without this the reader could join before "before" is stored and see it live.
        await sender.MessagesAsync(room, 1);
        StreamPosition position;
        await using (var first = ChatStream.Open(channel, Server.Token(reader)))
        {
            var joined = await first.JoinAsync(room);
            await sender.SendAsync(room, "seen");
            var seen = await first.MessagesAsync(room, 1);
            Assert.Equal("seen", seen[0].Content);
            position = new StreamPosition { Epoch = seen[0].Epoch, Offset = seen[0].Offset };
            Assert.Equal(joined.Position.Offset + 1, position.Offset);
        }

        for (var i = 0; i < 50; i++)
        {
            await sender.SendAsync(room, $"missed {i}");
        }
        await sender.MessagesAsync(room, 52);

        await using var resumed = ChatStream.Open(channel, Server.Token(reader));
        await resumed.JoinAsync(room, position);
        var replayed = await resumed.MessagesAsync(room, 50);
        await sender.SendAsync(room, "live");
        var all = await resumed.MessagesAsync(room, 51);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"missed {i}"), replayed.Take(50).Select(m => m.Content));
        Assert.Equal(Enumerable.Range(1, 51).Select(i => position.Offset + i), all.Select(m => m.Offset));
        Assert.Equal("live", all[^1].Content);
        Assert.DoesNotContain(resumed.Frames, f => f.ContinuityLost is not null);
    }

    [Fact]
    public async Task Resume_WithAnotherEpoch_GivesContinuityLost_WithSnapshot_ThenLive()
    {
        var room = Ids.Unique("room");
        var channel = Server.NativeChannel();
        await using var sender = ChatStream.Open(channel, Server.Token(Ids.Unique("sender")));
        await sender.JoinAsync(room);
        for (var i = 0; i < 3; i++)
        {
            await sender.SendAsync(room, $"m{i}");
        }
        await sender.MessagesAsync(room, 3);

        await using var stale = ChatStream.Open(channel, Server.Token(Ids.Unique("stale")));
        await stale.JoinAsync(room, new StreamPosition { Epoch = "an-epoch-that-was-lost", Offset = 2 });
        var lost = (await stale.FrameAsync(f => f.ContinuityLost is not null, "continuity lost")).ContinuityLost;
        await sender.SendAsync(room, "after");

        Assert.Equal(ContinuityLossReason.EpochChanged, lost.Reason);
        Assert.Equal(["m0", "m1", "m2"], lost.Snapshot.Select(m => m.Content));
        Assert.Equal(3, lost.Position.Offset);
        var live = await stale.MessagesAsync(room, 1);
        Assert.Equal(4, live[0].Offset);
    }

    [Fact]
    public async Task Resume_FromAnOffsetTheRoomNeverReached_GivesContinuityLost()
    {
        var room = Ids.Unique("room");
        var channel = Server.NativeChannel();
        await using var client = ChatStream.Open(channel, Server.Token(Ids.Unique("u")));
        var joined = await client.JoinAsync(room);
        await client.WriteAsync(new ChatClientFrame { Leave = new LeaveRoom { RoomId = room } });
        await client.FrameAsync(f => f.Left is not null, "left");

        await client.JoinAsync(room, new StreamPosition { Epoch = joined.Position.Epoch, Offset = 99 });

        var lost = (await client.FrameAsync(f => f.ContinuityLost is not null, "continuity lost")).ContinuityLost;
        Assert.Equal(ContinuityLossReason.OffsetAhead, lost.Reason);
        Assert.Equal(0, lost.Position.Offset);
    }
}
