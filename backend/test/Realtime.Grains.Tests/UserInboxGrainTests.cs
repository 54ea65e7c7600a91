using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Tests;

[Trait("Tier", "integration")]
public sealed class UserInboxGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static InboxMention Mention(long offset) => new("room", "epoch", offset, "alice", 0, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_mention_is_stored_once_however_often_it_comes_and_the_seen_position_only_moves_forward_to_the_newest()
    {
        var inbox = silo.Grains.GetGrain<IUserInboxGrain>($"user-{Guid.NewGuid():N}");

        var stored = await inbox.NotifyAsync(Mention(7));
        var again = await inbox.NotifyAsync(Mention(7));
        await inbox.NotifyAsync(Mention(9));
        await inbox.NotifyAsync(Mention(12));
        var seen = await inbox.MarkSeenAsync(99);
        var back = await inbox.MarkSeenAsync(1);
        var page = await inbox.ListAsync(3, 10);

        Assert.Equal((true, false), (stored, again));
        Assert.Equal((3L, 3L, 0), (seen.SeenOffset, seen.LastOffset, seen.Unseen));
        Assert.Equal(3L, back.SeenOffset);
        Assert.Equal([(2L, 9L), (1L, 7L)], page.Notifications.Select(Notification.Parser.ParseFrom).Select(n => (n.Offset, n.Mention.MessageOffset)));
    }
}
