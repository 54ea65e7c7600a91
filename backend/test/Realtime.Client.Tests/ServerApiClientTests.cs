using Realtime.Protos.Chat.V1;
using Realtime.Protos.Server.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class ServerApiClientTests
{
    [Fact]
    public async Task A_backend_publishes_reads_and_removes_with_its_key_and_members_see_who_posted()
    {
        await using var server = await TestServer.StartAsync();
        var (room, memberId, trollId) = (Ids.Unique("room"), Ids.Unique("member"), Ids.Unique("troll"));
        await using var member = await TestClients.ChatAsync(server.GrpcAddress, server.Token(memberId));
        await using var troll = await TestClients.ChatAsync(server.GrpcAddress, server.Token(trollId));
        await member.JoinAsync(room);
        await troll.JoinAsync(room);
        var received = ClientEvents.Collect(member);
        using var backend = new ServerApiClient(server.GrpcAddress, TestServer.ServerApiKey);

        var shipped = await backend.PublishAsync(room, "order-9", "Order 9 shipped");
        var retried = await backend.PublishAsync(room, "order-9", "Order 9 shipped");
        var outcomes = await backend.PublishManyAsync(
        [
            new PublishMessageRequest { Send = new SendMessage { RoomId = room, ClientMessageId = "n1", Content = "on the way" }, OnBehalfOf = memberId },
            new PublishMessageRequest { Send = new SendMessage { RoomId = Ids.Unique("nowhere"), ClientMessageId = "n2", Content = "lost" } },
        ]);
        var removed = await backend.RemoveUserAsync(room, trollId, TimeSpan.FromMinutes(5), "spam", "remove-troll");
        var rooms = await backend.GetRoomsAsync([room]);
        var history = await backend.ListHistoryAsync(room);

        Assert.Equal((shipped.Offset, true), (retried.Offset, retried.Duplicate));
        Assert.Equal((PublishOutcome.OutcomeOneofCase.Ack, PublishOutcome.OutcomeOneofCase.Error), (outcomes[0].OutcomeCase, outcomes[1].OutcomeCase));
        Assert.Equal(removed.Position.Offset, rooms[0].Room.Position.Offset);
        Assert.Equal(1, rooms[0].PresentCount);
        var messages = await Eventually.ValueAsync(
            () => ClientEvents.Snapshot(received).Where(f => f.Message is not null).Select(f => f.Message).ToList() is { Count: 2 } live ? live : null,
            "both published messages delivered");
        Assert.Equal([("", "backend", "Order 9 shipped"), (memberId, "backend", "on the way")], messages.Select(m => (m.SenderId, m.PostedBy, m.Content)));
        Assert.Equal(messages.Select(m => m.Offset).Reverse(), history.Messages.Select(m => m.Offset));
    }
}
