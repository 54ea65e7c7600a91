using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class ReadReceiptTests
{
    [Fact]
    public async Task A_mark_reaches_the_users_other_device_with_its_counts_and_only_with_read_receipts_on_the_other_members()
    {
        await using var server = await TestServer.StartAsync();
        var room = Ids.Unique("room");
        var (aliceId, bobId) = (Ids.Unique("alice"), Ids.Unique("bob"));
        await using var phone = await TestClients.ChatAsync(server.GrpcAddress, server.Token(aliceId));
        await using var laptop = await TestClients.ChatAsync(server.GrpcAddress, server.Token(aliceId));
        await using var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(bobId));
        await using var carol = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("carol")));
        var firstJoin = await phone.JoinAsync(room);
        await laptop.JoinAsync(room);
        await bob.JoinAsync(room);
        ClientEvents.Drain(phone);
        var laptops = ClientEvents.Collect(laptop);
        var bobs = ClientEvents.Collect(bob);
        var sent = new List<MessageAck>();
        for (var i = 0; i < 3; i++)
        {
            sent.Add(await bob.SendAsync(room, $"m{i}"));
        }

        await phone.MarkReadAsync(room, sent[1].Offset);
        var notShown = await Assert.ThrowsAsync<RpcException>(() => bob.ListReadReceiptsAsync(room));
        var receiptsOn = await phone.SetReadReceiptsAsync(room, true);
        await Eventually.TrueAsync(() => ClientEvents.Snapshot(bobs).Any(f => f.Moderated?.Offset == receiptsOn.Offset), "bob seeing read receipts turned on");
        await phone.MarkReadAsync(room, sent[2].Offset);
        await Eventually.TrueAsync(() => ClientEvents.Snapshot(bobs).Any(f => f.Read?.Offset == sent[2].Offset), "bob seeing alice's receipt");
        await Eventually.TrueAsync(() => ClientEvents.Snapshot(laptops).Count(f => f.Read is not null) == 3, "the laptop seeing both marks (the second twice)");
        var receipts = await bob.ListReadReceiptsAsync(room);
        var joined = await carol.JoinAsync(room);

        var laptopReads = ClientEvents.Snapshot(laptops).Select(f => f.Read).OfType<ReadPositionMoved>().ToList();
        var own = laptopReads.Where(read => read.Unread is not null).ToList();
        Assert.Equal([(sent[1].Offset, 1), (sent[2].Offset, 0)], own.Select(read => (read.Offset, read.Unread.UnreadCount)));
        Assert.All(laptopReads, read => Assert.Equal((room, aliceId), (read.RoomId, read.UserId)));
        // Bob saw nothing of alice's first mark: it was published before receipts were on, and events of a room reach him in order.
        var bobsReads = ClientEvents.Snapshot(bobs).Where(f => f.Read is not null).Select(f => f.Read).ToList();
        Assert.Equal([(aliceId, sent[2].Offset, false)], bobsReads.Select(read => (read.UserId, read.Offset, read.Unread is not null)));
        Assert.Equal(StatusCode.FailedPrecondition, notShown.StatusCode);
        Assert.Equal((aliceId, sent[2].Offset), (receipts[0].UserId, receipts[0].Offset));
        Assert.Contains(receipts, receipt => receipt.UserId == bobId);
        Assert.False(firstJoin.ReadReceipts);
        Assert.True(joined.ReadReceipts);
    }
}
