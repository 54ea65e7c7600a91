using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class UnreadCountTests
{
    [Fact]
    public async Task Unread_counts_stay_exact_under_concurrent_sends_deletes_and_marks_from_two_devices()
    {
        await using var server = await TestServer.StartAsync();
        var room = Ids.Unique("room");
        var bobId = Ids.Unique("bob");
        await using var alice = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("alice")));
        await using var carol = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("carol")));
        await using var phone = await TestClients.ChatAsync(server.GrpcAddress, server.Token(bobId));
        await using var laptop = await TestClients.ChatAsync(server.GrpcAddress, server.Token(bobId));
        // Alice joins first: the room is hers, so she may delete anyone's message.
        foreach (var client in new[] { alice, carol, phone, laptop })
        {
            await client.JoinAsync(room);
            ClientEvents.Drain(client);
        }
        var sends = new List<(Task<MessageAck> Ack, bool Bobs)>();
        void SendRound(int i)
        {
            sends.Add((alice.SendAsync(room, $"a{i}"), false));
            sends.Add((carol.SendAsync(room, $"c{i}"), false));
            if (i % 4 == 0)
            {
                sends.Add((phone.SendAsync(room, $"bob {i}"), true));
            }
        }
        for (var i = 0; i < 40; i++)
        {
            SendRound(i);
        }
        var firstAcks = await Task.WhenAll(sends.Select(s => s.Ack));
        var toDelete = firstAcks.Where((_, i) => i % 7 == 3).Select(a => a.Offset).ToHashSet();
        var (phoneMark, laptopMark) = (firstAcks.Max(a => a.Offset) - 20, firstAcks.Max(a => a.Offset) - 40);

        // Sends, deletions and both devices' marks at once.
        var sendsBefore = sends.Count;
        for (var i = 40; i < 60; i++)
        {
            SendRound(i);
        }
        await Task.WhenAll([
            .. sends.Skip(sendsBefore).Select(s => (Task)s.Ack),
            .. toDelete.Select(offset => (Task)alice.DeleteAsync(room, offset)),
            phone.MarkReadAsync(room, phoneMark),
            laptop.MarkReadAsync(room, laptopMark),
            laptop.MarkReadAsync(room, 1),
        ]);
        var stored = new List<(long Offset, bool Bobs)>();
        foreach (var (ack, bobs) in sends)
        {
            stored.Add(((await ack).Offset, bobs));
        }
        var expected = stored.Count(s => s.Offset > phoneMark && !s.Bobs && !toDelete.Contains(s.Offset));

        var fromPhone = Assert.Single(await phone.GetUnreadCountsAsync([room]));
        var fromLaptop = Assert.Single(await laptop.GetUnreadCountsAsync([room]));

        Assert.Equal((phoneMark, expected), (fromPhone.ReadPosition.Offset, fromPhone.UnreadCount));
        Assert.Equal((phoneMark, expected), (fromLaptop.ReadPosition.Offset, fromLaptop.UnreadCount));
        Assert.True(expected > 40, "the second round's messages are unread");
    }

    [Fact]
    public async Task Counts_for_many_rooms_answer_each_and_name_the_rooms_that_cannot_be_read()
    {
        await using var server = await TestServer.StartAsync();
        var (open, hidden, missing) = (Ids.Unique("open"), Ids.Unique("hidden"), Ids.Unique("missing"));
        await using var alice = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("alice")));
        await using var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("bob")));
        await alice.CreateRoomAsync(hidden, "hidden", new AccessPolicy { Visibility = Visibility.Private });
        await bob.JoinAsync(open);
        ClientEvents.Drain(bob);
        await alice.JoinAsync(open);
        ClientEvents.Drain(alice);
        var said = await alice.SendAsync(open, "hello bob");

        var counts = await bob.GetUnreadCountsAsync([open, hidden, missing]);
        var marked = await bob.MarkReadAsync(open, said.Offset);
        var badRequest = await Assert.ThrowsAsync<RpcException>(() => bob.GetUnreadCountsAsync([open, open]));

        Assert.Equal([open, hidden, missing], counts.Select(c => c.RoomId));
        Assert.Equal((1, said.Offset), (counts[0].UnreadCount, counts[0].LastOffset));
        Assert.Equal((int)StatusCode.PermissionDenied, counts[1].Error.Code);
        Assert.Equal((int)StatusCode.NotFound, counts[2].Error.Code);
        Assert.Equal((said.Offset, 0), (marked.ReadPosition.Offset, marked.UnreadCount));
        Assert.Equal(StatusCode.InvalidArgument, badRequest.StatusCode);
    }
}
