namespace Realtime.Client.Tests;

[Trait("Tier", "unit")]
public sealed class RoomStateTests
{
    [Fact]
    public void Accept_DropsReplayedOffsets_AndFollowsANewEpoch()
    {
        var room = new RoomState("r") { Epoch = "e1", Offset = 5 };

        Assert.False(room.Accept("e1", 5));
        Assert.False(room.Accept("e1", 3));
        Assert.True(room.Accept("e1", 6));
        Assert.True(room.Accept("e2", 1));
        Assert.Equal(("e2", 1L), (room.Epoch, room.Offset));
        Assert.Equal("e2", room.JoinCommand().ResumeFrom.Epoch);
    }

    [Fact]
    public void JoinCommand_BeforeTheFirstJoin_HasNoResumePoint()
    {
        Assert.Null(new RoomState("r").JoinCommand().ResumeFrom);
    }

    [Fact]
    public void Backoff_GrowsExponentially_StaysWithinTheCap_AndResets()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        var delays = Enumerable.Range(0, 10).Select(_ => backoff.Next()).ToList();

        Assert.InRange(delays[0].TotalMilliseconds, 50, 100);
        Assert.InRange(delays[3].TotalMilliseconds, 400, 800);
        Assert.All(delays.Skip(4), d => Assert.InRange(d.TotalMilliseconds, 500, 1000));
        backoff.Reset();
        Assert.InRange(backoff.Next().TotalMilliseconds, 50, 100);
    }
}
