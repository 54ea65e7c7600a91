using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class SlowConsumerTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task StalledStream_DoesNotSlowOthers_IsCaughtUpFromHistory_AndGetsEveryEventInOrder()
    {
        const int count = 1500;
        var room = Ids.Unique("room");
        var payload = new string('x', 1000);
        // Separate connections: the stalled one must not share HTTP/2 flow control with the others.
        var slow = Ids.Unique("slow");
        await using var stalled = ChatStream.Open(Server.NativeChannel(), Server.Token(slow), startReading: false);
        await using var b = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("b")));
        await using var sender = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("sender")));
        await stalled.WriteAsync(new Protos.Chat.V1.ChatClientFrame { Join = new Protos.Chat.V1.JoinRoom { RoomId = room } });
        await b.JoinAsync(room);
        await sender.JoinAsync(room);
        // The stalled stream reads nothing, so its join is seen through the others' presence.
        await Eventually.TrueAsync(
            () => b.Frames.Any(f => f.Joined?.Members.Any(m => m.UserId == slow) == true || f.Presence?.Joined.Any(m => m.UserId == slow) == true),
            "the stalled stream's join to be applied");

        for (var i = 0; i < count; i++)
        {
            await sender.SendAsync(room, $"{i} {payload}");
        }

        // 1.5 MB is far more than HTTP/2 windows and the 32-frame outbox hold: the stalled stream
        // overflowed while the others received everything.
        var others = await b.MessagesAsync(room, count);
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), others.Select(m => m.Offset));

        stalled.StartReading();
        var caughtUp = await stalled.MessagesAsync(room, count);
        Assert.Equal(others.Select(m => m.Offset), caughtUp.Select(m => m.Offset));
        Assert.Equal(others.Select(m => m.Content), caughtUp.Select(m => m.Content));
        // The member list is resent after an overflow, since presence changes were skipped meanwhile. It
        // follows the caught-up messages, so it may still be on its way when the last message is read.
        await stalled.FrameAsync(f => f.PresenceSnapshot?.RoomId == room, "the member list after the overflow");
    }
}
