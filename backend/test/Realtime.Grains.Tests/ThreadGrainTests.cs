using Orleans.Core.Internal;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Grains.Tests;

[Trait("Tier", "integration")]
public sealed class ThreadGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static async Task<ChatMessage[]> StoredAsync(IChatRoomGrain room) =>
        [.. (await room.ReadAfterAsync(0, 1_000, CancellationToken.None)).Events.Select(e => ChatServerFrame.Parser.ParseFrom(e.Payload).Message).OfType<ChatMessage>()];

    private static async Task<(ChatMessage Root, ChatMessage[] Replies, bool More)> ThreadAsync(IChatRoomGrain room, long root, long after = 0, int max = 100)
    {
        var page = await room.ReadThreadAsync(root, after, max, "alice", CancellationToken.None);
        return (ChatMessage.Parser.ParseFrom(page.Root), [.. page.Replies.Select(ChatMessage.Parser.ParseFrom)], page.More);
    }

    [Fact]
    public async Task Replies_carry_their_threads_summary_stay_out_of_the_timeline_and_are_paged_by_thread()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var root = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m1", "lunch?"));
        await room.SendAsync(ChatRooms.Bob, new ChatDraft("b1", "yes", ThreadOffset: root.Offset));
        var other = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m2", "meanwhile"));
        await room.SendAsync(ChatRooms.Carol, new ChatDraft("c1", "me too", ThreadOffset: root.Offset));
        await room.SendAsync(ChatRooms.Bob, new ChatDraft("b2", "12:30?", ThreadOffset: root.Offset));

        var replies = (await StoredAsync(room)).Where(m => m.ThreadOffset == root.Offset).ToArray();
        Assert.Equal([1, 2, 3], replies.Select(r => r.Thread.ReplyCount));
        Assert.Equal(["bob", "carol"], replies[^1].Thread.ParticipantIds);
        var timeline = (await room.ReadBeforeAsync(long.MaxValue, 10, "alice", CancellationToken.None)).Events
            .Select(e => ChatServerFrame.Parser.ParseFrom(e.Payload).Message).ToArray();
        Assert.Equal([other.Offset, root.Offset], timeline.Select(m => m.Offset));
        Assert.Equal((3, replies[^1].Offset), (timeline[1].Thread.ReplyCount, timeline[1].Thread.LastReplyOffset));
        Assert.Null(timeline[0].Thread);
        var first = await ThreadAsync(room, root.Offset, max: 2);
        var rest = await ThreadAsync(room, root.Offset, after: first.Replies[^1].Offset, max: 2);
        Assert.Equal(["yes", "me too"], first.Replies.Select(r => r.Content));
        Assert.True(first.More);
        Assert.Equal(["12:30?"], rest.Replies.Select(r => r.Content));
        Assert.False(rest.More);
        Assert.Equal(3, first.Root.Thread.ReplyCount);
        Assert.All(first.Replies, reply => Assert.Null(reply.Thread));
    }

    [Fact]
    public async Task A_reply_needs_a_retained_root_that_is_not_itself_a_reply_and_not_deleted()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var root = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m1", "root"));
        var reply = await room.SendAsync(ChatRooms.Bob, new ChatDraft("b1", "reply", ThreadOffset: root.Offset));
        var edit = await room.ChangeAsync(ChatRooms.Bob, new ChatChange("b2", reply.Offset, ChatChangeKind.Edit, "reply!"));

        var nested = await Assert.ThrowsAsync<TopicException>(() => room.SendAsync(ChatRooms.Bob, new ChatDraft("b3", "x", ThreadOffset: reply.Offset)));
        var toAChange = await Assert.ThrowsAsync<TopicException>(() => room.SendAsync(ChatRooms.Bob, new ChatDraft("b4", "x", ThreadOffset: edit.Offset)));
        var beyond = await Assert.ThrowsAsync<TopicException>(() => room.SendAsync(ChatRooms.Bob, new ChatDraft("b5", "x", ThreadOffset: 99)));
        await room.ChangeAsync(ChatRooms.Alice, new ChatChange("a1", root.Offset, ChatChangeKind.Delete));
        var deletedRoot = await Assert.ThrowsAsync<TopicException>(() => room.SendAsync(ChatRooms.Bob, new ChatDraft("b6", "x", ThreadOffset: root.Offset)));
        var listNested = await Assert.ThrowsAsync<TopicException>(() => ThreadAsync(room, reply.Offset));

        Assert.Equal((TopicErrorKind.Invalid, "thread_offset"), (nested.Kind, nested.Field));
        Assert.Equal(TopicErrorKind.NotFound, toAChange.Kind);
        Assert.Equal(TopicErrorKind.NotFound, beyond.Kind);
        Assert.Equal(TopicErrorKind.WrongState, deletedRoot.Kind);
        Assert.Equal(TopicErrorKind.Invalid, listNested.Kind);
        var thread = await ThreadAsync(room, root.Offset);
        Assert.True(thread.Root.Deleted);
        Assert.Equal(1, thread.Root.Thread.ReplyCount);
        Assert.Equal(["reply!"], thread.Replies.Select(r => r.Content));
    }

    [Fact]
    public async Task Replies_sent_at_once_by_many_count_one_by_one_in_offset_order()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var root = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m1", "go"));

        // The silo keeps 10 events of history: the root and nine replies.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            room.SendAsync(new Caller($"user{i % 3}", false), new ChatDraft($"r{i}", $"reply {i}", ThreadOffset: root.Offset))));
        await room.SendManyAsync(ChatRooms.Bob, [.. Enumerable.Range(0, 3).Select(i => new ChatDraft($"b{i}", $"bob {i}", ThreadOffset: root.Offset))]);

        var replies = (await StoredAsync(room)).Where(m => m.ThreadOffset == root.Offset).OrderBy(m => m.Offset).ToArray();
        Assert.Equal(Enumerable.Range(1, 9), replies.Select(r => r.Thread.ReplyCount));
        var thread = await ThreadAsync(room, root.Offset);
        Assert.Equal((9, 9), (thread.Root.Thread.ReplyCount, thread.Replies.Length));
    }

    [Fact]
    public async Task Deleting_a_reply_sends_the_threads_new_summary_and_the_thread_outlives_reactivation()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        await room.JoinAsync(ChatRooms.Alice, new PresenceLease("c1", "alice"));
        var root = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m1", "root"));
        var bobs = await room.SendAsync(ChatRooms.Bob, new ChatDraft("b1", "bob", ThreadOffset: root.Offset));
        var carols = await room.SendAsync(ChatRooms.Carol, new ChatDraft("c1", "carol to @bob", ThreadOffset: root.Offset, Mentions: ["bob"]));

        var deletion = await room.ChangeAsync(ChatRooms.Carol, new ChatChange("c2", carols.Offset, ChatChangeKind.Delete));
        await room.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        await Eventually.PassesAsync(async () => (await room.GetMembersAsync("", 1)).PresentCount == 0, "the room reactivated");
        var later = await room.SendAsync(ChatRooms.Bob, new ChatDraft("b2", "bob again", ThreadOffset: root.Offset));

        var stored = ChatServerFrame.Parser.ParseFrom((await room.ReadAfterAsync(deletion.Offset - 1, 1, CancellationToken.None)).Events[0].Payload).Changed;
        Assert.Equal(root.Offset, stored.Deleted.ThreadOffset);
        Assert.Equal((1, bobs.Offset), (stored.Deleted.Thread.ReplyCount, stored.Deleted.Thread.LastReplyOffset));
        Assert.Equal(["bob"], stored.Deleted.Thread.ParticipantIds);
        var thread = await ThreadAsync(room, root.Offset);
        Assert.Equal([bobs.Offset, carols.Offset, later.Offset], thread.Replies.Select(r => r.Offset));
        Assert.Equal((true, "", 0), (thread.Replies[1].Deleted, thread.Replies[1].Content, thread.Replies[1].Mentions.Count));
        Assert.Equal((2, later.Offset), (thread.Root.Thread.ReplyCount, thread.Root.Thread.LastReplyOffset));
    }

    [Fact]
    public async Task Mention_counts_take_replies_too_but_not_the_senders_own_or_deleted_messages()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        await room.JoinAsync(ChatRooms.Bob, new PresenceLease("b", "bob"));
        var root = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m1", "hi @bob", Mentions: ["bob"]));
        await room.SendAsync(ChatRooms.Alice, new ChatDraft("m2", "in thread", ThreadOffset: root.Offset, Mentions: ["bob", "carol"]));
        var deleted = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m3", "oops", Mentions: ["bob"]));
        await room.SendAsync(ChatRooms.Bob, new ChatDraft("b1", "talking to myself", Mentions: ["bob"]));
        await room.SendAsync(ChatRooms.Carol, new ChatDraft("c1", "plain"));
        await room.ChangeAsync(ChatRooms.Alice, new ChatChange("a1", deleted.Offset, ChatChangeKind.Delete));

        var bob = await room.CountUnreadAsync(ChatRooms.Bob);
        var carol = await room.CountUnreadAsync(ChatRooms.Carol);
        var stored = await StoredAsync(room);

        Assert.Equal((2, 2), (bob.Unread, bob.Mentions));
        Assert.Empty(stored.Single(m => m.ClientMessageId == "b1").Mentions);
        Assert.Equal((0, 0), (carol.Unread, carol.Mentions));
        var afterReading = await room.MarkReadAsync(ChatRooms.Bob, root.Offset);
        Assert.Equal((1, 1), (afterReading.Unread, afterReading.Mentions));
    }
}
