using Orleans.Core.Internal;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Testing;

namespace Realtime.Grains.Tests;

[Trait("Tier", "integration")]
public sealed class UnreadCountGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static readonly Caller Alice = new("alice", false);
    private static readonly Caller Bob = new("bob", false);

    private async Task<IChatRoomGrain> RoomOwnedByAliceAsync(bool isPrivate = false)
    {
        var room = silo.Grains.GetGrain<IChatRoomGrain>($"room-{Guid.NewGuid():N}");
        await room.CreateAsync("t", "alice", isPrivate ? TopicAccess.Public("alice") with { Private = true } : TopicAccess.Public("alice"));
        return room;
    }

    [Fact]
    public async Task Unread_is_the_messages_of_others_after_the_read_position_that_nobody_deleted()
    {
        var room = await RoomOwnedByAliceAsync();
        await room.SendAsync(Alice, new ChatDraft("before", "before bob joined"));
        await room.JoinAsync(Bob, new PresenceLease("b1", "bob"));
        var one = await room.SendAsync(Alice, new ChatDraft("a1", "one"));
        var two = await room.SendAsync(Alice, new ChatDraft("a2", "two"));
        await room.SendAsync(Bob, new ChatDraft("b1", "bob's own"));
        var three = await room.SendAsync(Alice, new ChatDraft("a3", "three"));
        await room.ChangeAsync(Alice, new ChatChange("c1", two.Offset, ChatChangeKind.Delete));
        await room.ChangeAsync(Alice, new ChatChange("c2", three.Offset, ChatChangeKind.Edit, "three!"));

        var fresh = await room.CountUnreadAsync(Bob);
        var marked = await room.MarkReadAsync(Bob, one.Offset);
        var notBack = await room.MarkReadAsync(Bob, one.Offset - 1);
        var toTheEnd = await room.MarkReadAsync(Bob, 1_000);

        Assert.Equal((1L, 2), (fresh.ReadOffset, fresh.Unread));
        Assert.Equal((one.Offset, 1), (marked.ReadOffset, marked.Unread));
        Assert.Equal((one.Offset, 1), (notBack.ReadOffset, notBack.Unread));
        Assert.Equal((toTheEnd.LastOffset, 0), (toTheEnd.ReadOffset, toTheEnd.Unread));
    }

    [Fact]
    public async Task Read_positions_and_counts_outlive_reactivation()
    {
        var room = await RoomOwnedByAliceAsync();
        await room.JoinAsync(Bob, new PresenceLease("b1", "bob"));
        var first = await room.SendAsync(Alice, new ChatDraft("a1", "one"));
        await room.SendAsync(Alice, new ChatDraft("a2", "two"));
        await room.SendAsync(Alice, new ChatDraft("a3", "three"));
        await room.MarkReadAsync(Bob, first.Offset);

        await room.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        // Presence is not persisted: an empty member list is a new activation.
        await Eventually.PassesAsync(async () => (await room.GetMembersAsync("", 1)).PresentCount == 0, "the room reactivated");
        var after = await room.CountUnreadAsync(Bob);

        Assert.Equal((first.Offset, 2), (after.ReadOffset, after.Unread));
    }

    [Fact]
    public async Task Only_readers_of_the_room_have_a_read_position()
    {
        var room = await RoomOwnedByAliceAsync(isPrivate: true);

        var refused = await Assert.ThrowsAsync<TopicException>(() => room.CountUnreadAsync(Bob));
        var refusedMark = await Assert.ThrowsAsync<TopicException>(() => room.MarkReadAsync(Bob, 1));

        Assert.Equal(TopicErrorKind.Denied, refused.Kind);
        Assert.Equal(TopicErrorKind.Denied, refusedMark.Kind);
    }

    [Fact]
    public async Task Read_receipts_list_members_furthest_first_but_not_one_who_was_banned()
    {
        var room = await RoomOwnedByAliceAsync();
        var carol = new Caller("carol", false);
        await room.JoinAsync(Bob, new PresenceLease("b1", "bob"));
        await room.JoinAsync(carol, new PresenceLease("c1", "carol"));
        var one = await room.SendAsync(Alice, new ChatDraft("a1", "one"));
        var two = await room.SendAsync(Alice, new ChatDraft("a2", "two"));
        await room.MarkReadAsync(Bob, one.Offset);
        await room.MarkReadAsync(carol, two.Offset);

        var off = await Assert.ThrowsAsync<TopicException>(() => room.ListReadReceiptsAsync(Alice, 10));
        await room.ModerateAsync(Alice, new RoomModeration(RoomModerationKind.ReadReceipts, TimeSpan.Zero, Enabled: true));
        var listed = await room.ListReadReceiptsAsync(Alice, 10);
        await room.ModerateAsync(Alice, new RoomModeration(RoomModerationKind.Ban, TimeSpan.Zero, "carol"));
        var afterBan = await room.ListReadReceiptsAsync(Bob, 10);

        Assert.Equal(TopicErrorKind.WrongState, off.Kind);
        Assert.Equal([("carol", two.Offset), ("bob", one.Offset)], listed.Select(r => (r.UserId, r.Offset)));
        Assert.Equal([("bob", one.Offset)], afterBan.Select(r => (r.UserId, r.Offset)));
    }
}
