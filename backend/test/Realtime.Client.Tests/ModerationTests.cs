using Grpc.Core;
using Realtime.Protos.Common.V1;
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
        Assert.Equal(bobId, muted.Mute.UserId);
        Assert.DoesNotContain(frames, f => f.Error is { Command: Protos.Chat.V1.CommandKind.Send, Error.Code: (int)StatusCode.ResourceExhausted });
    }

    [Fact]
    public async Task A_banned_member_is_taken_out_of_the_room_kept_out_of_a_public_room_and_let_back_in_once_the_ban_is_lifted()
    {
        await using var server = await TestServer.StartAsync();
        var room = Ids.Unique("room");
        var (ownerId, bobId, carolId) = (Ids.Unique("owner"), Ids.Unique("bob"), Ids.Unique("carol"));
        await using var owner = await TestClients.ChatAsync(server.GrpcAddress, server.Token(ownerId));
        await using var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(bobId));
        await using var carol = await TestClients.ChatAsync(server.GrpcAddress, server.Token(carolId));
        await owner.JoinAsync(room);
        await bob.JoinAsync(room);
        await carol.JoinAsync(room);
        ClientEvents.Drain(owner);
        var bobs = ClientEvents.Collect(bob);
        var carols = ClientEvents.Collect(carol);

        var ban = await owner.BanAsync(room, bobId, "spam");
        await Eventually.TrueAsync(() => ClientEvents.Snapshot(bobs).Any(f => f.Left?.RoomId == room), "bob's stream taken out of the room");
        var rejoin = await Assert.ThrowsAsync<RpcException>(() => bob.JoinAsync(room));
        var history = await Assert.ThrowsAsync<RpcException>(() => bob.ListMessagesAsync(room, 10));
        using var access = TestClients.Access(server.GrpcAddress, server.Token(ownerId));
        var policy = await access.GetAsync(TopicKind.ChatRoom, room);
        // The owner's read-modify-write of the policy keeps the ban.
        await access.ChangeAsync(TopicKind.ChatRoom, room, changed => changed.Members.Add(new AccessGrant { UserId = carolId, Role = AccessRole.Writer }));
        var stillOut = await Assert.ThrowsAsync<RpcException>(() => bob.JoinAsync(room));
        var ownerBanned = await Assert.ThrowsAsync<RpcException>(() => owner.BanAsync(room, ownerId));
        var notOwner = await Assert.ThrowsAsync<RpcException>(() => carol.BanAsync(room, ownerId));
        await owner.UnbanAsync(room, bobId);
        await bob.JoinAsync(room);
        var back = await bob.SendAsync(room, "sorry");

        Assert.Equal((bobId, "spam", false), (ban.Ban.UserId, ban.Ban.Reason, ban.Ban.Lift));
        Assert.Equal((int)StatusCode.PermissionDenied, ClientEvents.Snapshot(bobs).First(f => f.Left is not null).Left.Reason.Code);
        Assert.Equal(StatusCode.PermissionDenied, rejoin.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, history.StatusCode);
        Assert.Contains(policy.Policy.Members, grant => grant.UserId == bobId && grant.Role == AccessRole.Banned);
        Assert.Equal(StatusCode.PermissionDenied, stillOut.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, ownerBanned.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, notOwner.StatusCode);
        await Eventually.TrueAsync(() => ClientEvents.Snapshot(carols).Any(f => f.Message?.Offset == back.Offset), "carol seeing bob back");
        Assert.Contains(ClientEvents.Snapshot(carols), f => f.Moderated?.Ban is { UserId: var user, Lift: true } && user == bobId);
    }

    [Fact]
    public async Task The_owner_makes_a_moderator_who_deletes_others_messages_and_bans_until_the_owner_takes_the_role_back()
    {
        await using var server = await TestServer.StartAsync();
        var room = Ids.Unique("room");
        var (ownerId, bobId, carolId) = (Ids.Unique("owner"), Ids.Unique("bob"), Ids.Unique("carol"));
        await using var owner = await TestClients.ChatAsync(server.GrpcAddress, server.Token(ownerId));
        await using var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(bobId));
        await using var carol = await TestClients.ChatAsync(server.GrpcAddress, server.Token(carolId));
        await owner.JoinAsync(room);
        await bob.JoinAsync(room);
        using var ownersAccess = TestClients.Access(server.GrpcAddress, server.Token(ownerId));
        using var carolsAccess = TestClients.Access(server.GrpcAddress, server.Token(carolId));

        var notYet = await Assert.ThrowsAsync<RpcException>(() => carol.MuteAsync(room, bobId, TimeSpan.FromMinutes(1)));
        var selfMade = await Assert.ThrowsAsync<RpcException>(() => carolsAccess.GrantAsync(TopicKind.ChatRoom, room, carolId, AccessRole.Moderator));
        await ownersAccess.GrantAsync(TopicKind.ChatRoom, room, carolId, AccessRole.Moderator);
        var joined = await carol.JoinAsync(room);
        var carols = ClientEvents.Collect(carol);
        var spam = await bob.SendAsync(room, "spam");
        var deleted = await carol.DeleteAsync(room, spam.Offset);
        var ban = await carol.BanAsync(room, bobId, "spam");
        var onOwner = await Assert.ThrowsAsync<RpcException>(() => carol.BanAsync(room, ownerId));
        await ownersAccess.GrantAsync(TopicKind.ChatRoom, room, carolId, AccessRole.Unspecified);
        var afterDemotion = await Assert.ThrowsAsync<RpcException>(() => carol.UnbanAsync(room, bobId));
        var policy = (await ownersAccess.GetAsync(TopicKind.ChatRoom, room)).Policy;
        var stillIn = await owner.SendAsync(room, "carol stays a writer");
        await Eventually.TrueAsync(() => ClientEvents.Snapshot(carols).Any(f => f.Message?.Offset == stillIn.Offset), "carol, no longer a moderator, still in the room");

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied), (notYet.StatusCode, selfMade.StatusCode));
        Assert.Equal(AccessRole.Moderator, joined.AccessRole);
        Assert.True(deleted.Offset > spam.Offset);
        Assert.Equal((carolId, bobId), (ban.ModeratorId, ban.Ban.UserId));
        Assert.Equal(StatusCode.InvalidArgument, onOwner.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, afterDemotion.StatusCode);
        Assert.Equal([(bobId, AccessRole.Banned)], policy.Members.Select(grant => (grant.UserId, grant.Role)));
        Assert.DoesNotContain(ClientEvents.Snapshot(carols), f => f.Left is not null);
    }
}
