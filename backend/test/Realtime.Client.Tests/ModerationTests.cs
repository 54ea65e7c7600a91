using Grpc.Core;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class ModerationTests
{
    [Fact]
    public async Task A_muted_member_is_refused_and_in_slow_mode_the_SDK_sends_the_next_message_once_the_interval_is_over()
    {
        await using var server = await TestServer.StartAsync();
        var room = Ids.Unique("room");
        var bobId = Ids.Unique("bob");
        await using var owner = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("owner")));
        await using var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(bobId));
        await owner.JoinAsync(room);
        await bob.JoinAsync(room);
        ClientEvents.Drain(owner);
        var events = ClientEvents.Collect(bob);

        var muted = await owner.MuteAsync(room, bobId, TimeSpan.FromMinutes(5));
        var refused = await Assert.ThrowsAsync<RpcException>(() => bob.SendAsync(room, "while muted"));
        var notOwner = await Assert.ThrowsAsync<RpcException>(() => bob.SetSlowModeAsync(room, TimeSpan.Zero));
        await owner.MuteAsync(room, bobId, TimeSpan.Zero);
        await owner.SetSlowModeAsync(room, TimeSpan.FromSeconds(2));
        var first = await bob.SendAsync(room, "first");
        var second = await bob.SendAsync(room, "second");

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, notOwner.StatusCode);
        Assert.Equal(first.Offset + 1, second.Offset);
        // Stored no sooner than the interval after the first: the server held it back, the SDK sent it again.
        Assert.True(second.SentAt.ToDateTimeOffset() - first.SentAt.ToDateTimeOffset() >= TimeSpan.FromSeconds(2));
        var frames = ClientEvents.Snapshot(events);
        Assert.Contains(frames, f => f.Moderated?.Offset == muted.Offset && f.Moderated.Mute.UserId == bobId);
        Assert.DoesNotContain(frames, f => f.Error is { Command: Protos.Chat.V1.CommandKind.Send, Error.Code: (int)StatusCode.ResourceExhausted });
    }
}
