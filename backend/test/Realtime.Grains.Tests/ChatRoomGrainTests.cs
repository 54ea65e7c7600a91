using Orleans.Core.Internal;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Grains.Tests;

[Trait("Tier", "integration")]
public sealed class ChatRoomGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static Caller User(string id) => new(id, false);

    private IChatRoomGrain NewRoom() => silo.Grains.GetGrain<IChatRoomGrain>($"room-{Guid.NewGuid():N}");

    [Fact]
    public async Task Sends_GetConsecutiveOffsets_InOneEpoch_AndHistoryReturnsThemInOrder()
    {
        var room = NewRoom();
        var joined = await room.JoinAsync(User("alice"), new PresenceLease("c1", "alice"));

        var results = new List<ChatSendResult>();
        for (var i = 1; i <= 4; i++)
        {
            results.Add(await room.SendAsync(User("alice"), new ChatDraft($"id{i}", $"m{i}")));
        }
        var page = await room.ReadAfterAsync(1, 2, CancellationToken.None);

        Assert.Equal(0, joined.Room.LastOffset);
        Assert.Equal([1L, 2, 3, 4], results.Select(r => r.Offset));
        Assert.All(results, r => Assert.Equal(joined.Room.Epoch, r.Epoch));
        Assert.Equal([2L, 3], page.Events.Select(e => e.Offset));
        Assert.Equal(["m2", "m3"], page.Events.Select(e => ChatServerFrame.Parser.ParseFrom(e.Payload).Message.Content));
        Assert.Equal(4, page.LastOffset);
    }

    [Fact]
    public async Task SendingAnIdAgain_ReturnsTheStoredResult_WithoutStoringTwice_PerSender()
    {
        var room = NewRoom();
        await room.JoinAsync(User("alice"), new PresenceLease("c1", "alice"));

        var first = await room.SendAsync(User("alice"), new ChatDraft("same", "hello"));
        var again = await room.SendAsync(User("alice"), new ChatDraft("same", "hello"));
        var otherSender = await room.SendAsync(User("bob"), new ChatDraft("same", "hello"));

        Assert.Equal(first.Offset, again.Offset);
        Assert.Equal(first.SentAt, again.SentAt);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Offset + 1, otherSender.Offset);
        Assert.Equal(2, (await room.ReadAfterAsync(0, 100, CancellationToken.None)).Events.Length);
    }

    [Fact]
    public async Task IdsOlderThanTheIdempotencyWindow_AreForgotten()
    {
        var room = NewRoom();
        await room.JoinAsync(User("alice"), new PresenceLease("c1", "alice"));
        var oldest = await room.SendAsync(User("alice"), new ChatDraft("id0", "m"));
        for (var i = 1; i <= 5; i++)
        {
            await room.SendAsync(User("alice"), new ChatDraft($"id{i}", "m"));
        }

        var resent = await room.SendAsync(User("alice"), new ChatDraft("id0", "m"));

        Assert.False(resent.Duplicate);
        Assert.NotEqual(oldest.Offset, resent.Offset);
    }

    [Fact]
    public async Task History_KeepsOnlyTheNewestMessages_AndSaysWhereItStarts()
    {
        var room = NewRoom();
        await room.JoinAsync(User("alice"), new PresenceLease("c1", "alice"));
        for (var i = 1; i <= 25; i++)
        {
            await room.SendAsync(User("alice"), new ChatDraft($"id{i}", $"m{i}"));
        }

        var after = await room.ReadAfterAsync(0, 100, CancellationToken.None);
        var before = await room.ReadBeforeAsync(26, 3, "alice", CancellationToken.None);

        Assert.Equal(16, after.FirstOffset);
        Assert.Equal(25, after.LastOffset);
        Assert.Equal(Enumerable.Range(16, 10).Select(i => (long)i), after.Events.Select(e => e.Offset));
        Assert.Equal([25L, 24, 23], before.Events.Select(e => e.Offset));
    }

    [Fact]
    public async Task Create_ThenCreateAgain_IsRefused_AndSendingToAnUnusedRoomIsNotFound()
    {
        var room = NewRoom();
        var created = await room.CreateAsync("Lobby", "alice", TopicAccess.Public("alice"));

        var again = await Assert.ThrowsAsync<TopicException>(() => room.CreateAsync("Lobby", "bob", TopicAccess.Public("bob")));
        var unused = await Assert.ThrowsAsync<TopicException>(() => NewRoom().SendAsync(User("alice"), new ChatDraft("x", "hi")));

        Assert.Equal("Lobby", created.DisplayName);
        Assert.Equal(TopicErrorKind.AlreadyExists, again.Kind);
        Assert.Equal(TopicErrorKind.NotFound, unused.Kind);
        Assert.Null(await NewRoom().GetAsync());
    }

    [Fact]
    public async Task Members_AreUsers_NotConnections()
    {
        var room = NewRoom();
        await room.JoinAsync(User("alice"), new PresenceLease("c1", "alice"));
        await room.JoinAsync(User("alice"), new PresenceLease("c2", "alice"));
        var withBob = await room.JoinAsync(User("bob"), new PresenceLease("c3", "bob"));

        await room.LeaveAsync("c1");
        var afterOneLeave = await room.GetMembersAsync("", 10);
        await room.LeaveAsync("c2");

        Assert.Equal(["alice", "bob"], withBob.Members.Select(m => m.UserId));
        Assert.Equal(["alice", "bob"], afterOneLeave.Members.Select(m => m.UserId));
        Assert.Equal(2, afterOneLeave.PresentCount);
        Assert.Equal(["bob"], (await room.GetMembersAsync("", 10)).Members.Select(m => m.UserId));
        Assert.Equal(2, withBob.PresentCount);
    }

    [Fact]
    public async Task A_member_is_shown_with_the_profile_their_join_carried_until_they_leave()
    {
        var room = NewRoom();
        var profile = new MemberProfile("Alice Liddell", "https://example.com/alice.png");
        await room.JoinAsync(User("alice"), new PresenceLease("c1", "alice", profile));
        var bobJoined = await room.JoinAsync(User("bob"), new PresenceLease("c2", "bob"));
        await room.LeaveAsync("c1");
        await room.JoinAsync(User("alice"), new PresenceLease("c3", "alice"));

        Assert.Equal([profile, null], bobJoined.Members.Select(m => m.Profile));
        Assert.Equal([null, null], (await room.GetMembersAsync("", 10)).Members.Select(m => m.Profile));
    }
    [Fact]
    public async Task After_reactivation_a_resend_is_still_recognised_by_sender_and_id()
    {
        var room = NewRoom();
        await room.JoinAsync(User("alice"), new PresenceLease("c1", "alice"));
        var first = await room.SendAsync(User("alice"), new ChatDraft("same-id", "m1"));
        await room.SendAsync(User("bob:"), new ChatDraft("same-id", "from bob"));
        await room.SendAsync(User("alice"), new ChatDraft("other", "m2"));

        await room.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually.PassesAsync(async () => (await room.GetMembersAsync("", 1)).PresentCount == 0, "the room reactivated");
        var resent = await room.SendAsync(User("alice"), new ChatDraft("same-id", "m1 again"));
        var fresh = await room.SendAsync(User("bob"), new ChatDraft("same-id", "bob's own"));

        Assert.Equal((first.Offset, true), (resent.Offset, resent.Duplicate));
        Assert.Equal((4L, false), (fresh.Offset, fresh.Duplicate));
    }

    [Fact]
    public async Task Members_written_by_the_debounce_timer_are_members_after_reactivation()
    {
        var room = NewRoom();
        await room.CreateAsync("t", "alice", TopicAccess.Public("alice"));
        await room.JoinAsync(User("bob"), new PresenceLease("c1", "bob"));
        // Past the one-second debounce, so the timer (not deactivation) writes the members.
        await Task.Delay(TimeSpan.FromSeconds(3));

        await room.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        // Presence is not persisted: an empty member list is a new activation.
        await Eventually.PassesAsync(async () => (await room.GetMembersAsync("", 1)).PresentCount == 0, "the room reactivated");

        Assert.Equal(AccessRole.Writer, await room.MemberRoleAsync(User("bob")));
    }
}
