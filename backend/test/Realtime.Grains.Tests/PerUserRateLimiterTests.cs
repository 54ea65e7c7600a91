using Microsoft.Extensions.Time.Testing;
using Realtime.Grains.Commands;

namespace Realtime.Grains.Tests;

[Trait("Tier", "unit")]
public sealed class PerUserRateLimiterTests
{
    [Fact]
    public void A_user_gets_a_burst_then_the_sustained_rate_and_others_are_unaffected()
    {
        var time = new FakeTimeProvider();
        var limiter = new PerUserRateLimiter(4, time);

        var burst = Enumerable.Range(0, 5).Select(_ => limiter.TryTake("alice")).ToArray();
        var other = limiter.TryTake("bob");
        time.Advance(TimeSpan.FromMilliseconds(250));
        var afterQuarterSecond = limiter.TryTake("alice");
        var tooSoon = limiter.TryTake("alice");

        Assert.Equal([true, true, true, true, false], burst);
        Assert.True(other);
        Assert.True(afterQuarterSecond);
        Assert.False(tooSoon);
    }

    [Fact]
    public void Only_users_whose_buckets_have_refilled_are_dropped()
    {
        var time = new FakeTimeProvider();
        var limiter = new PerUserRateLimiter(2, TimeSpan.FromMinutes(1), time);
        limiter.TryTake("alice");
        time.Advance(TimeSpan.FromSeconds(40));
        limiter.TryTake("bob");

        limiter.DropFull();
        var afterAlicesRefill = limiter.Count;
        time.Advance(TimeSpan.FromSeconds(30));
        limiter.DropFull();

        Assert.Equal(1, afterAlicesRefill);
        Assert.Equal(0, limiter.Count);
    }
}
