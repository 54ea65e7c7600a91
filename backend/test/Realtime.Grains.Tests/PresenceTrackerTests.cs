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
}
