using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class NotificationTests
{
    [Fact]
    public async Task A_mention_reaches_the_mentioned_users_inbox_from_any_room_it_may_read_and_seen_ones_stop_counting()
    {
        await using var server = await TestServer.StartAsync();
        var (aliceId, bobId, carolId) = (Ids.Unique("alice"), Ids.Unique("bob"), Ids.Unique("carol"));
        var (joined, elsewhere, secret) = (Ids.Unique("room"), Ids.Unique("room"), Ids.Unique("room"));
        await using var alice = await TestClients.ChatAsync(server.GrpcAddress, server.Token(aliceId));
        await using var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(bobId));
        await using var carol = await TestClients.ChatAsync(server.GrpcAddress, server.Token(carolId));
        await bob.JoinAsync(joined);
        await alice.CreateRoomAsync(secret, secret, new AccessPolicy { Visibility = Visibility.Private });
        await alice.JoinAsync(joined);
        await alice.JoinAsync(elsewhere);
        await alice.JoinAsync(secret);

        var first = await alice.SendAsync(joined, $"@{bobId} look");
        await alice.SendAsync(secret, $"@{bobId} and @{carolId}: only for me");
        var second = await alice.SendAsync(elsewhere, $"you too @{bobId}.");
        var inbox = await Eventually.ValueAsync(async () =>
        {
            var listed = await bob.ListNotificationsAsync();
            return listed.Notifications.Count == 2 ? listed : null;
        }, "bob's two mentions in his inbox");
        var seen = await bob.MarkNotificationsSeenAsync(inbox.Notifications[0].Offset);
        var third = await alice.SendAsync(new SendMessage { RoomId = joined, Content = "ping", Mentions = { bobId } });
        var after = await Eventually.ValueAsync(async () =>
        {
            var listed = await bob.ListNotificationsAsync(pageSize: 1);
            return listed.Position.LastOffset == 3 ? listed : null;
        }, "the third mention");
        var carols = await carol.ListNotificationsAsync();

        // Each room tells the inbox on its own, so mentions from two rooms arrive (and are numbered) in either order.
        Assert.Equal(
            [(elsewhere, second.Offset), (joined, first.Offset)],
            inbox.Notifications.Select(n => (n.Mention.RoomId, n.Mention.MessageOffset)).OrderBy(n => n.RoomId == elsewhere ? 0 : 1));
        Assert.All(inbox.Notifications, n => Assert.Equal(aliceId, n.Mention.SenderId));
        Assert.Equal((0L, 2L, 2), (inbox.Position.SeenOffset, inbox.Position.LastOffset, inbox.Position.UnseenCount));
        Assert.Equal((2L, 0), (seen.SeenOffset, seen.UnseenCount));
        Assert.Equal((third.Offset, 1), (after.Notifications.Single().Mention.MessageOffset, after.Position.UnseenCount));
        Assert.Empty(carols.Notifications);
    }
}
