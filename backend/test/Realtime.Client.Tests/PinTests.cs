using Grpc.Core;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class PinTests
{
    [Fact]
    public async Task Pins_reach_members_list_newest_first_go_with_a_deletion_and_stop_at_the_rooms_limit()
    {
        await using var server = await TestServer.StartAsync();
        var room = Ids.Unique("room");
        var (aliceId, bobId) = (Ids.Unique("alice"), Ids.Unique("bob"));
        await using var alice = await TestClients.ChatAsync(server.GrpcAddress, server.Token(aliceId));
        await using var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(bobId));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        ClientEvents.Drain(alice);
        var received = ClientEvents.Collect(bob);
        var offsets = new List<long>();
        for (var i = 0; i < 52; i++)
        {
            offsets.Add((await alice.SendAsync(room, $"m{i}")).Offset);
        }

        var first = await bob.PinAsync(room, offsets[0], clientChangeId: "pin-0");
        var again = await bob.PinAsync(room, offsets[0], clientChangeId: "pin-0");
        await alice.PinAsync(room, offsets[1]);
        await alice.PinAsync(room, offsets[2]);
        await alice.DeleteAsync(room, offsets[2]);
        var listed = await bob.ListPinnedMessagesAsync(room);
        await bob.PinAsync(room, offsets[1], unpin: true);
        for (var i = 3; i < 51; i++)
        {
            await alice.PinAsync(room, offsets[i]);
        }
        await bob.PinAsync(room, offsets[1]);
        var overLimit = await Assert.ThrowsAsync<RpcException>(() => bob.PinAsync(room, offsets[51]));
        var deleted = await Assert.ThrowsAsync<RpcException>(() => bob.PinAsync(room, offsets[2]));
        var last = await bob.PinAsync(room, offsets[50], unpin: true);

        Assert.Equal((first.Offset, true), (again.Offset, again.Duplicate));
        Assert.Equal([(offsets[1], aliceId), (offsets[0], bobId)], listed.Select(p => (p.Message.Offset, p.PinnedBy)));
        Assert.All(listed, p => Assert.True(p.Message.Pinned));
        Assert.Equal(StatusCode.ResourceExhausted, overLimit.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, deleted.StatusCode);
        await Eventually.TrueAsync(() => ClientEvents.Snapshot(received).Any(f => f.Changed?.Offset == last.Offset), "the last unpin at bob");
        var timeline = new RoomTimeline(bobId);
        foreach (var frame in ClientEvents.Snapshot(received))
        {
            timeline.Apply(frame);
        }
        var history = await bob.ListMessagesAsync(room, 100);
        Assert.Equal(history.Messages.Where(m => m.Pinned).Select(m => m.Offset).Order(), timeline.Messages.Where(m => m.Pinned).Select(m => m.Offset));
        Assert.Equal(49, timeline.Messages.Count(m => m.Pinned));
        Assert.Equal(49, (await bob.ListPinnedMessagesAsync(room)).Count);
    }
}
