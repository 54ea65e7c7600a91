using Orleans.Core.Internal;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Grains.Tests;

[Trait("Tier", "integration")]
public sealed class MessageChangeGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private static async Task<ChatMessage> CurrentAsync(IChatRoomGrain room, long offset, string viewer = "alice")
    {
        var page = await room.ReadBeforeAsync(offset + 1, 1, viewer, CancellationToken.None);
        return ChatServerFrame.Parser.ParseFrom(Assert.Single(page.Events).Payload).Message;
    }

    [Fact]
    public async Task An_edit_is_the_next_event_history_shows_the_new_content_and_every_version_is_kept()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var sent = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m1", "helo"));

        var edit = await room.ChangeAsync(ChatRooms.Alice, new ChatChange("c1", sent.Offset, ChatChangeKind.Edit, "hello"));
        var retried = await room.ChangeAsync(ChatRooms.Alice, new ChatChange("c1", sent.Offset, ChatChangeKind.Edit, "hello"));
        await room.ChangeAsync(ChatRooms.Alice, new ChatChange("c2", sent.Offset, ChatChangeKind.Edit, "hello!"));

        Assert.Equal(sent.Offset + 1, edit.Offset);
        Assert.Equal((edit.Offset, true), (retried.Offset, retried.Duplicate));
        var events = (await room.ReadAfterAsync(0, 10, CancellationToken.None)).Events.Select(e => ChatServerFrame.Parser.ParseFrom(e.Payload)).ToArray();
        Assert.Equal(["helo", "hello", "hello!"], events.Select(f => f.Message?.Content ?? f.Changed.Edited.Content));
        var current = await CurrentAsync(room, sent.Offset);
        Assert.Equal("hello!", current.Content);
        Assert.NotNull(current.EditedAt);
        var versions = await room.ReadVersionsAsync(sent.Offset, CancellationToken.None);
        Assert.Equal(["helo", "hello", "hello!"], versions.Select(v => v.Content));
        Assert.Equal([sent.Offset, edit.Offset, edit.Offset + 1], versions.Select(v => v.Offset));
    }

    [Fact]
    public async Task Only_the_author_edits_the_author_or_a_moderator_deletes_and_a_deleted_message_takes_no_change()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var bobs = await room.SendAsync(ChatRooms.Bob, new ChatDraft("b1", "bob says"));
        var alices = await room.SendAsync(ChatRooms.Alice, new ChatDraft("a1", "alice says"));

        var editOthers = await Assert.ThrowsAsync<TopicException>(() => room.ChangeAsync(ChatRooms.Alice, new ChatChange("c1", bobs.Offset, ChatChangeKind.Edit, "x")));
        var deleteOthers = await Assert.ThrowsAsync<TopicException>(() => room.ChangeAsync(ChatRooms.Bob, new ChatChange("c2", alices.Offset, ChatChangeKind.Delete)));
        var moderated = await room.ChangeAsync(ChatRooms.Alice, new ChatChange("c3", bobs.Offset, ChatChangeKind.Delete));
        var editDeleted = await Assert.ThrowsAsync<TopicException>(() => room.ChangeAsync(ChatRooms.Bob, new ChatChange("c4", bobs.Offset, ChatChangeKind.Edit, "y")));
        var reactDeleted = await Assert.ThrowsAsync<TopicException>(() => room.ChangeAsync(ChatRooms.Bob, new ChatChange("c5", bobs.Offset, ChatChangeKind.AddReaction, "👍")));
        var notAMessage = await Assert.ThrowsAsync<TopicException>(() => room.ChangeAsync(ChatRooms.Bob, new ChatChange("c6", moderated.Offset, ChatChangeKind.AddReaction, "👍")));
        var beyondTheEnd = await Assert.ThrowsAsync<TopicException>(() => room.ChangeAsync(ChatRooms.Bob, new ChatChange("c7", 99, ChatChangeKind.AddReaction, "👍")));

        Assert.Equal(TopicErrorKind.Denied, editOthers.Kind);
        Assert.Equal(TopicErrorKind.Denied, deleteOthers.Kind);
        Assert.Equal(TopicErrorKind.WrongState, editDeleted.Kind);
        Assert.Equal(TopicErrorKind.WrongState, reactDeleted.Kind);
        Assert.Equal(TopicErrorKind.NotFound, notAMessage.Kind);
        Assert.Equal(TopicErrorKind.NotFound, beyondTheEnd.Kind);
        var stored = ChatServerFrame.Parser.ParseFrom((await room.ReadAfterAsync(moderated.Offset - 1, 1, CancellationToken.None)).Events[0].Payload).Changed;
        Assert.True(stored.Deleted.ByModerator);
        var tombstone = await CurrentAsync(room, bobs.Offset);
        Assert.Equal((true, ""), (tombstone.Deleted, tombstone.Content));
        Assert.Empty(await room.ReadVersionsAsync(bobs.Offset, CancellationToken.None));
        Assert.Equal(moderated.Offset, (await room.GetAsync())!.LastOffset);
    }

    [Fact]
    public async Task Reactions_count_users_once_per_emoji_and_say_whether_the_viewer_reacted()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var sent = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m1", "vote"));

        await room.ChangeAsync(ChatRooms.Alice, new ChatChange("r1", sent.Offset, ChatChangeKind.AddReaction, "👍"));
        await room.ChangeAsync(ChatRooms.Alice, new ChatChange("r2", sent.Offset, ChatChangeKind.AddReaction, "👍"));
        await room.ChangeAsync(ChatRooms.Bob, new ChatChange("r1", sent.Offset, ChatChangeKind.AddReaction, "👍"));
        await room.ChangeAsync(ChatRooms.Bob, new ChatChange("r2", sent.Offset, ChatChangeKind.AddReaction, "🎉"));
        await room.ChangeAsync(ChatRooms.Bob, new ChatChange("r3", sent.Offset, ChatChangeKind.RemoveReaction, "🎉"));
        await room.ChangeAsync(ChatRooms.Bob, new ChatChange("r4", sent.Offset, ChatChangeKind.AddReaction, "👀"));

        var forAlice = await CurrentAsync(room, sent.Offset, "alice");
        var forBob = await CurrentAsync(room, sent.Offset, "bob");
        Assert.Equal([("👀", 1, false), ("👍", 2, true)], forAlice.Reactions.Select(r => (r.Emoji, r.Count, r.Mine)));
        Assert.Equal([("👀", 1, true), ("👍", 2, true)], forBob.Reactions.Select(r => (r.Emoji, r.Count, r.Mine)));
    }

    [Fact]
    public async Task History_pages_count_messages_not_change_events_and_the_fold_outlives_reactivation()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        await room.JoinAsync(ChatRooms.Alice, new PresenceLease("c1", "alice"));
        var first = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m1", "one"));
        var second = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m2", "two"));
        await room.ChangeAsync(ChatRooms.Alice, new ChatChange("c1", first.Offset, ChatChangeKind.Edit, "one, edited"));
        await room.ChangeAsync(ChatRooms.Bob, new ChatChange("c2", second.Offset, ChatChangeKind.AddReaction, "👍"));
        await room.ChangeAsync(ChatRooms.Alice, new ChatChange("c3", second.Offset, ChatChangeKind.Delete));

        await room.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        // Presence is not persisted: an empty member list is a new activation.
        await Eventually.PassesAsync(async () => (await room.GetMembersAsync("", 1)).PresentCount == 0, "the room reactivated");
        var page = await room.ReadBeforeAsync(long.MaxValue, 2, "bob", CancellationToken.None);
        var retried = await room.ChangeAsync(ChatRooms.Alice, new ChatChange("c1", first.Offset, ChatChangeKind.Edit, "one, edited"));

        var messages = page.Events.Select(e => ChatServerFrame.Parser.ParseFrom(e.Payload).Message).ToArray();
        Assert.Equal([second.Offset, first.Offset], messages.Select(m => m.Offset));
        Assert.Equal([("", true), ("one, edited", false)], messages.Select(m => (m.Content, m.Deleted)));
        Assert.True(retried.Duplicate);
    }

    [Fact]
    public async Task Pinned_messages_list_newest_pin_first_and_one_the_log_no_longer_retains_is_left_out()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var old = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m0", "old news"));
        await room.ChangeAsync(ChatRooms.Bob, new ChatChange("p0", old.Offset, ChatChangeKind.Pin));

        // The silo keeps 10 events of history.
        for (var i = 1; i <= 10; i++)
        {
            await room.SendAsync(ChatRooms.Alice, new ChatDraft($"m{i}", $"message {i}"));
        }
        var recent = await room.SendAsync(ChatRooms.Alice, new ChatDraft("m11", "keep this"));
        await room.ChangeAsync(ChatRooms.Bob, new ChatChange("p1", recent.Offset, ChatChangeKind.Pin));
        var pinned = (await room.ReadPinnedAsync("alice", CancellationToken.None)).Select(PinnedMessage.Parser.ParseFrom).ToArray();

        Assert.Equal([(recent.Offset, "bob", true)], pinned.Select(p => (p.Message.Offset, p.PinnedBy, p.Message.Pinned)));
    }

    [Fact]
    public async Task A_deletion_takes_the_message_and_its_edits_content_out_of_the_log_keeping_their_offsets()
    {
        var room = await ChatRooms.OwnedByAliceAsync(silo);
        var secret = await room.SendAsync(ChatRooms.Bob, new ChatDraft("b1", "my password is hunter2") { Mentions = ["alice"] });
        var edit = await room.ChangeAsync(ChatRooms.Bob, new ChatChange("c1", secret.Offset, ChatChangeKind.Edit, "my password is hunter3"));
        var kept = await room.SendAsync(ChatRooms.Alice, new ChatDraft("a1", "please delete that"));

        var deleted = await room.ChangeAsync(ChatRooms.Bob, new ChatChange("c2", secret.Offset, ChatChangeKind.Delete));

        ChatServerFrame[] stored = [];
        await Eventually.PassesAsync(async () =>
        {
            stored = [.. (await room.ReadAfterAsync(0, 10, CancellationToken.None)).Events.Select(e => ChatServerFrame.Parser.ParseFrom(e.Payload))];
            return stored[0].Message.Deleted && stored[1].Changed.Edited.Content.Length == 0;
        }, "the deleted message's content gone from the log");
        Assert.Equal([secret.Offset, edit.Offset, kept.Offset, deleted.Offset], stored.Select(f => f.Message?.Offset ?? f.Changed.Offset));
        Assert.Equal(("bob", "", 0), (stored[0].Message.SenderId, stored[0].Message.Content, stored[0].Message.Mentions.Count));
        Assert.Equal("please delete that", stored[2].Message.Content);
        Assert.True(stored[3].Changed.Deleted is not null);
        Assert.DoesNotContain(stored, f => f.ToString().Contains("hunter", StringComparison.Ordinal));
    }
}
