using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Directory;

namespace Realtime.Grains.Tests;

[Trait("Tier", "unit")]
public sealed class JoinCreationGateTests
{
    private readonly FakeTimeProvider _time = new();

    private JoinCreationGate Gate(bool createOnJoin = true) =>
        new(Options.Create(new TopicOptions { CreateOnJoin = createOnJoin, JoinCreationLimit = 3, JoinCreationPeriod = TimeSpan.FromMinutes(1) }), _time);

    [Fact]
    public void A_user_creates_up_to_the_limit_by_joining_then_one_more_per_refill_while_others_are_unaffected()
    {
        var gate = Gate();
        var alice = new Caller("alice", false);
        for (var i = 0; i < 3; i++)
        {
            gate.Demand(alice, $"room 'r{i}'");
        }

        var refused = Assert.Throws<TopicException>(() => gate.Demand(alice, "room 'r3'"));
        gate.Demand(new Caller("bob", false), "room 'b0'");
        gate.Demand(new Caller("admin", true), "room 'a0'");
        _time.Advance(TimeSpan.FromSeconds(20));
        gate.Demand(alice, "room 'r3'");

        Assert.Equal(TopicErrorKind.RateLimited, refused.Kind);
        Assert.Contains("create room 'r3' explicitly", refused.Message, StringComparison.Ordinal);
        Assert.Equal(TopicErrorKind.RateLimited, Assert.Throws<TopicException>(() => gate.Demand(alice, "room 'r4'")).Kind);
    }

    [Fact]
    public void With_create_on_join_off_a_join_of_an_unknown_topic_is_not_found_even_for_an_admin()
    {
        var gate = Gate(createOnJoin: false);

        var refused = Assert.Throws<TopicException>(() => gate.Demand(new Caller("admin", true), "room 'nowhere'"));

        Assert.Equal(TopicErrorKind.NotFound, refused.Kind);
        Assert.Contains("room 'nowhere'", refused.Message, StringComparison.Ordinal);
    }
}
