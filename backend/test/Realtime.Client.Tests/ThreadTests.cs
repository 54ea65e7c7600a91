using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class ThreadTests
{
    [Fact]
    public async Task Replies_and_their_deletions_reach_a_reader_across_dropped_connections_and_fold_to_what_history_lists()
    {
        await using var party = await RoomWithReader.StartAsync();
        var (room, alice, bob, reader) = (party.Room, party.Alice, party.Bob, party.Reader);

        var roots = new List<long>();
        long last = 0;
        for (var i = 1; i <= 24; i++)
        {
            if (i % 4 == 1)
            {
                roots.Add((await alice.SendAsync(room, $"topic {i}")).Offset);
                continue;
            }
            var reply = await bob.ReplyAsync(room, roots[^1], $"reply {i}");
            last = reply.Offset;
            if (i % 4 == 3)
            {
                last = (await reader.ReplyAsync(room, roots[^1], $"reader {i}")).Offset;
                last = (await bob.DeleteAsync(room, reply.Offset)).Offset;
            }
            if (i % 8 == 0 && i < 24)
            {
                await party.DropReaderAsync();
            }
        }

        var timeline = await party.ReaderTimelineAsync(last);
        var history = await reader.ListMessagesAsync(room, 100);

        Assert.Equal(history.Messages.Reverse().Select(Folded), timeline.Messages.Select(Folded));
        Assert.All(timeline.Messages, root => Assert.Equal(3, root.Thread.ReplyCount));
        foreach (var root in roots)
        {
            var thread = await reader.ListThreadRepliesAsync(room, root, 100);
            Assert.Equal(thread.Replies.Select(Folded), timeline.Replies(root).Select(Folded));
            Assert.Equal(4, thread.Replies.Count);
            Assert.Equal(Folded(thread.Root), Folded(timeline.Messages.Single(m => m.Offset == root)));
        }
        Assert.Equal(3, reader.Connections);
    }

    [Fact]
    public async Task Mentions_are_found_in_content_counted_for_the_mentioned_and_bad_threads_get_precise_statuses()
    {
        await using var server = await TestServer.StartAsync();
        var room = Ids.Unique("room");
        var bobId = Ids.Unique("bob");
        await using var alice = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("alice")));
        await using var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(bobId));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        ClientEvents.Drain(alice);
        var bobs = ClientEvents.Collect(bob);

        var root = await alice.SendAsync(room, $"@{bobId}, lunch? mail me at x@{bobId}.com or ask @carol.");
        var reply = await alice.SendAsync(new SendMessage { RoomId = room, ThreadOffset = root.Offset, Content = "anyone else?", Mentions = { "carol" } });
        var nested = await Assert.ThrowsAsync<RpcException>(() => alice.ReplyAsync(room, reply.Offset, "nested"));
        var nowhere = await Assert.ThrowsAsync<RpcException>(() => alice.ReplyAsync(room, 9_999, "lost"));
        var negative = await Assert.ThrowsAsync<RpcException>(() => alice.ReplyAsync(room, -1, "negative"));
        var crowd = await Assert.ThrowsAsync<RpcException>(() => alice.SendAsync(room, string.Join(' ', Enumerable.Range(0, 51).Select(i => $"@u{i}"))));
        var before = Assert.Single(await bob.GetUnreadCountsAsync([room]));
        await alice.DeleteAsync(room, root.Offset);
        var closed = await Assert.ThrowsAsync<RpcException>(() => alice.ReplyAsync(room, root.Offset, "late"));

        await Eventually.TrueAsync(() => ClientEvents.Snapshot(bobs).Any(f => f.Message?.Offset == reply.Offset), "the reply at bob");
        var delivered = ClientEvents.Snapshot(bobs).Where(f => f.Message is not null).Select(f => f.Message).ToArray();
        Assert.Equal([bobId, "carol"], delivered[0].Mentions);
        Assert.Equal(["carol"], delivered[1].Mentions);
        Assert.Equal((root.Offset, 1), (delivered[1].ThreadOffset, delivered[1].Thread.ReplyCount));
        Assert.Equal(StatusCode.InvalidArgument, nested.StatusCode);
        Assert.Equal(StatusCode.NotFound, nowhere.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, negative.StatusCode);
        Assert.Contains("send.thread_offset", negative.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, crowd.StatusCode);
        Assert.Contains("send.mentions", crowd.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, closed.StatusCode);
        var after = Assert.Single(await bob.GetUnreadCountsAsync([room]));
        Assert.Equal((1, 1), (before.UnreadCount, before.MentionCount));
        Assert.Equal((0, 0), (after.UnreadCount, after.MentionCount));
    }

    private static string Folded(ChatMessage message) =>
        $"{message.Offset} '{message.Content}' deleted={message.Deleted} thread={message.ThreadOffset} "
        + (message.Thread is { } t ? $"{t.ReplyCount}/{t.LastReplyOffset}/{string.Join(",", t.ParticipantIds)}" : "-");
}
