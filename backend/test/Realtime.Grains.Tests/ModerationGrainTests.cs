using Orleans.Core.Internal;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;

namespace Realtime.Grains.Tests;

[Trait("Tier", "integration")]
public sealed class ModerationGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static readonly Caller Owner = ChatRooms.Alice;
    private static readonly Caller Bob = ChatRooms.Bob;

    [Fact]
    public async Task A_muted_member_cannot_send_edit_or_react_until_unmuted_and_each_action_is_on_the_log()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var before = await room.SendAsync(Bob, new ChatDraft("b0", "before"));

        var muted = await room.ModerateAsync(Owner, new RoomModeration(RoomModerationKind.Mute, TimeSpan.FromHours(1), "bob"));
        var send = await Assert.ThrowsAsync<TopicException>(() => room.SendAsync(Bob, new ChatDraft("b1", "while muted")));
        var edit = await Assert.ThrowsAsync<TopicException>(() => room.ChangeAsync(Bob, new ChatChange("c1", before.Offset, ChatChangeKind.Edit, "x")));
        var resend = await room.SendAsync(Bob, new ChatDraft("b0", "before"));
        var deleted = await room.ChangeAsync(Bob, new ChatChange("c2", before.Offset, ChatChangeKind.Delete));
        var notOwner = await Assert.ThrowsAsync<TopicException>(() => room.ModerateAsync(Bob, new RoomModeration(RoomModerationKind.Mute, TimeSpan.Zero, "bob")));
        var unmuted = await room.ModerateAsync(Owner, new RoomModeration(RoomModerationKind.Mute, TimeSpan.Zero, "bob"));
        var after = await room.SendAsync(Bob, new ChatDraft("b2", "after"));

        Assert.Equal((TopicErrorKind.Denied, TopicErrorKind.Denied, TopicErrorKind.Denied), (send.Kind, edit.Kind, notOwner.Kind));
        Assert.Equal((before.Offset, true), (resend.Offset, resend.Duplicate));
        Assert.Equal([before.Offset, muted.Offset, deleted.Offset, unmuted.Offset, after.Offset], Enumerable.Range(1, 5).Select(o => (long)o));
        var stored = (await room.ReadAfterAsync(muted.Offset - 1, 1, CancellationToken.None)).Events.Select(e => ChatServerFrame.Parser.ParseFrom(e.Payload).Moderated).Single();
        Assert.Equal(("alice", "bob", TimeSpan.FromHours(1)), (stored.ModeratorId, stored.Mute.UserId, stored.Mute.Duration.ToTimeSpan()));
    }

    [Fact]
    public async Task In_slow_mode_a_members_second_send_is_refused_with_its_retry_delay_and_the_owner_is_exempt()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        await room.ModerateAsync(Owner, new RoomModeration(RoomModerationKind.SlowMode, TimeSpan.FromHours(1)));

        await room.SendAsync(Bob, new ChatDraft("b1", "first"));
        var second = await Assert.ThrowsAsync<TopicException>(() => room.SendAsync(Bob, new ChatDraft("b2", "second")));
        await room.SendAsync(Owner, new ChatDraft("a1", "owner one"));
        await room.SendAsync(Owner, new ChatDraft("a2", "owner two"));
        await room.ModerateAsync(Owner, new RoomModeration(RoomModerationKind.SlowMode, TimeSpan.Zero));
        var afterOff = await room.SendAsync(Bob, new ChatDraft("b2", "second"));

        Assert.Equal(TopicErrorKind.RateLimited, second.Kind);
        Assert.InRange(second.RetryAfter!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.False(afterOff.Duplicate);
    }

    [Fact]
    public async Task A_moderator_deletes_others_messages_mutes_bans_and_is_exempt_from_slow_mode_but_cannot_touch_the_owner_or_another_moderator()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var policy = (await room.GetAccessAsync(Owner))!;
        await room.UpdateAccessAsync(Owner, policy.WithGrant("carol", AccessRole.Moderator).WithGrant("dave", AccessRole.Moderator) with { Version = policy.Version });
        var bobs = await room.SendAsync(Bob, new ChatDraft("b1", "spam"));
        var owners = await room.SendAsync(Owner, new ChatDraft("a1", "rules"));

        var writerDelete = await Assert.ThrowsAsync<TopicException>(() => room.ChangeAsync(new Caller("erin", false), new ChatChange("e1", owners.Offset, ChatChangeKind.Delete)));
        var deleted = await room.ChangeAsync(ChatRooms.Carol, new ChatChange("c1", bobs.Offset, ChatChangeKind.Delete));
        await room.ModerateAsync(ChatRooms.Carol, new RoomModeration(RoomModerationKind.SlowMode, TimeSpan.FromHours(1)));
        await room.SendAsync(ChatRooms.Carol, new ChatDraft("c2", "one"));
        await room.SendAsync(ChatRooms.Carol, new ChatDraft("c3", "two"));
        await room.ModerateAsync(ChatRooms.Carol, new RoomModeration(RoomModerationKind.Mute, TimeSpan.FromHours(1), "bob"));
        await room.ModerateAsync(ChatRooms.Carol, new RoomModeration(RoomModerationKind.Ban, TimeSpan.Zero, "bob", "spam"));
        var onOwner = await Assert.ThrowsAsync<TopicException>(() => room.ModerateAsync(ChatRooms.Carol, new RoomModeration(RoomModerationKind.Mute, TimeSpan.FromHours(1), "alice")));
        var onModerator = await Assert.ThrowsAsync<TopicException>(() => room.ModerateAsync(ChatRooms.Carol, new RoomModeration(RoomModerationKind.Ban, TimeSpan.Zero, "dave")));
        var byOwner = await room.ModerateAsync(Owner, new RoomModeration(RoomModerationKind.Mute, TimeSpan.FromHours(1), "dave"));
        var after = (await room.GetAccessAsync(Owner))!;

        Assert.Equal(TopicErrorKind.Denied, writerDelete.Kind);
        Assert.True(deleted.Offset > owners.Offset);
        Assert.Equal((TopicErrorKind.Invalid, "mute.user_id"), (onOwner.Kind, onOwner.Field));
        Assert.Equal(TopicErrorKind.Denied, onModerator.Kind);
        Assert.True(byOwner.Offset > 0);
        Assert.Equal((AccessRole.None, AccessRole.Moderator, AccessRole.Moderator), (after.Members["bob"], after.Members["carol"], after.Members["dave"]));
        Assert.Equal(policy.Version + 2, after.Version);
    }

    [Fact]
    public async Task A_link_rule_refuses_forbidden_links_in_sends_and_edits_by_content_but_not_the_owners_or_other_text()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var plain = await room.SendAsync(Bob, new ChatDraft("b1", "see the wiki"));
        var rule = await room.ModerateAsync(Owner, new RoomModeration(RoomModerationKind.Links, TimeSpan.Zero, Links: new RoomLinkRule(RoomLinkPolicy.Allowlist, ["example.com"])));

        var send = await Assert.ThrowsAsync<TopicException>(() => room.SendAsync(Bob, new ChatDraft("b2", "free stuff at https://evil.net/win")));
        var edit = await Assert.ThrowsAsync<TopicException>(() => room.ChangeAsync(Bob, new ChatChange("c1", plain.Offset, ChatChangeKind.Edit, "see www.evil.net")));
        var allowed = await room.SendAsync(Bob, new ChatDraft("b3", "docs: https://docs.example.com/start"));
        var owners = await room.SendAsync(Owner, new ChatDraft("a1", "partner: https://evil.net"));
        await room.ModerateAsync(Owner, new RoomModeration(RoomModerationKind.Links, TimeSpan.Zero, Links: new RoomLinkRule(RoomLinkPolicy.Allowed, [])));
        var afterLifted = await room.SendAsync(Bob, new ChatDraft("b2", "free stuff at https://evil.net/win"));
        var stored = (await room.ReadAfterAsync(rule.Offset - 1, 1, CancellationToken.None)).Events.Select(e => ChatServerFrame.Parser.ParseFrom(e.Payload).Moderated).Single();

        Assert.Equal((TopicErrorKind.Invalid, "content"), (send.Kind, send.Field));
        Assert.Contains("https://evil.net", send.Message);
        Assert.Equal((TopicErrorKind.Invalid, "content"), (edit.Kind, edit.Field));
        Assert.Equal([rule.Offset + 1, rule.Offset + 2], [allowed.Offset, owners.Offset]);
        Assert.False(afterLifted.Duplicate);
        Assert.Equal((LinkPolicy.Allowlist, "example.com"), (stored.Links.Policy, stored.Links.AllowedDomains.Single()));
    }
    [Fact]
    public async Task A_ban_for_a_while_is_stored_once_per_command_id_and_the_room_lifts_it_when_it_comes_back_after_the_end()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var backend = new Caller("", IsAdmin: true);
        var ban = new RoomModeration(RoomModerationKind.Ban, TimeSpan.FromSeconds(2), "bob", "spam", CommandId: "remove-1", PostedBy: "backend");
        await room.JoinAsync(Owner, new PresenceLease("c1", "alice"));

        var banned = await room.ModerateAsync(backend, ban);
        var retried = await room.ModerateAsync(backend, ban);
        var refused = await Assert.ThrowsAsync<TopicException>(() => room.SendAsync(Bob, new ChatDraft("b1", "let me in")));
        // The ban ends while the room is not active: no timer of its own can lift it, only the next activation.
        await room.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var present = await room.GetMembersAsync("", 1);

        Assert.Equal(0, present.PresentCount);
        Assert.Equal((banned.Offset, true), (retried.Offset, retried.Duplicate));
        Assert.Equal(TopicErrorKind.Denied, refused.Kind);
        var events = (await room.ReadAfterAsync(banned.Offset - 1, 10, CancellationToken.None)).Events.Select(e => ChatServerFrame.Parser.ParseFrom(e.Payload).Moderated).ToArray();
        Assert.Equal(
            [("", "backend", false, "spam", TimeSpan.FromSeconds(2)), ("", "", true, "expired", TimeSpan.Zero)],
            events.Select(e => (e.ModeratorId, e.PostedBy, e.Ban.Lift, e.Ban.Reason, e.Ban.Duration?.ToTimeSpan() ?? TimeSpan.Zero)));
        Assert.False((await room.SendAsync(Bob, new ChatDraft("b2", "back"))).Duplicate);
    }
}
