using Realtime.Grains.Abstractions;
using Realtime.Grains.Presence;

namespace Realtime.Grains.Tests;

[Trait("Tier", "unit")]
public sealed class PresenceTrackerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void JoinAndLeave_WithinOneBatch_CancelOut()
    {
        var presence = new PresenceTracker(TimeSpan.FromSeconds(30));
        presence.Join(new PresenceLease("c1", "alice"), Now);
        presence.Leave("c1");

        Assert.False(presence.HasChanges);
        Assert.True(presence.IsEmpty);
    }

    [Fact]
    public void ExpiredLeases_AreDropped_AndReportedAsLeaves_WhileRenewedOnesStay()
    {
        var presence = new PresenceTracker(TimeSpan.FromSeconds(30));
        presence.Join(new PresenceLease("c1", "alice"), Now);
        presence.Join(new PresenceLease("c2", "bob"), Now);
        presence.TakeChanges();

        presence.Renew([new PresenceLease("c2", "bob")], Now.AddSeconds(20));
        presence.ExpireLeases(Now.AddSeconds(31));

        Assert.Equal(["bob"], presence.Members);
        var (joined, left) = presence.TakeChanges();
        Assert.Empty(joined);
        Assert.Equal(["alice"], left);
    }

    [Fact]
    public void Renew_OfAnUnknownConnection_RelearnsIt()
    {
        var presence = new PresenceTracker(TimeSpan.FromSeconds(30));

        presence.Renew([new PresenceLease("c9", "carol")], Now);

        Assert.Equal(["carol"], presence.Members);
        var (joined, left) = presence.TakeChanges();
        Assert.Equal(["carol"], joined);
        Assert.Empty(left);
    }

    [Fact]
    public void Pages_list_present_users_in_id_order_once_each_however_many_streams_they_hold()
    {
        var presence = new PresenceTracker(TimeSpan.FromSeconds(30));
        foreach (var user in new[] { "dave", "alice", "carol", "bob", "erin" })
        {
            presence.Join(new PresenceLease($"{user}-1", user), Now);
            presence.Join(new PresenceLease($"{user}-2", user), Now);
        }
        presence.Leave("carol-1");
        presence.Leave("erin-1");
        presence.Leave("erin-2");

        Assert.Equal(4, presence.Count);
        Assert.Equal(["alice", "bob"], presence.Page("", 2));
        Assert.Equal(["carol", "dave"], presence.Page("bob", 2));
        Assert.Equal(["carol", "dave"], presence.Page("bz", 5));
        Assert.Empty(presence.Page("dave", 2));
    }
}
