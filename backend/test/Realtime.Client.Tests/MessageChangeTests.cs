using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class MessageChangeTests
{
    [Fact]
    public async Task Edits_deletions_and_reactions_reach_a_reader_across_dropped_connections_and_fold_to_what_history_lists()
    {
        await using var party = await RoomWithReader.StartAsync();
        var (room, alice, bob, reader) = (party.Room, party.Alice, party.Bob, party.Reader);

        long last = 0;
        var offsets = new List<long>();
        for (var i = 1; i <= 30; i++)
        {
            var sent = await alice.SendAsync(room, $"m{i}");
            offsets.Add(sent.Offset);
            last = sent.Offset;
            if (i > 1)
            {
                last = (await bob.ReactAsync(room, offsets[^2], "👍")).Offset;
                last = (await reader.ReactAsync(room, offsets[^2], i % 2 == 0 ? "👍" : "🎉")).Offset;
            }
            if (i % 3 == 0)
            {
                last = (await alice.EditAsync(room, sent.Offset, $"m{i}, edited")).Offset;
                last = (await bob.ReactAsync(room, offsets[^2], "👍", remove: true)).Offset;
            }
            if (i % 5 == 0)
            {
                last = (await alice.DeleteAsync(room, offsets[^2])).Offset;
            }
            // Drops while more is still to come, so each reconnect happens before the end is awaited.
            if (i % 10 == 0 && i < 30)
            {
                await party.DropReaderAsync();
            }
        }

        var timeline = await party.ReaderTimelineAsync(last);
        var frames = ClientEvents.Snapshot(party.Received);
        var history = await reader.ListMessagesAsync(room, 100);
        var stored = frames.Select(f => f.Message?.Offset ?? f.Changed?.Offset ?? 0).Where(o => o > 0).ToList();

        Assert.Equal(Enumerable.Range(1, (int)last).Select(o => (long)o), stored);
        Assert.DoesNotContain(frames, f => f.ContinuityLost is not null);
        Assert.Equal(history.Messages.Reverse().Select(Folded), timeline.Messages.Select(Folded));
        Assert.Equal(6, timeline.Messages.Count(m => m.Deleted));
        Assert.Contains(timeline.Messages, m => m.Reactions.Any(r => r is { Emoji: "👍", Count: 2, Mine: true }));
        Assert.Equal(3, reader.Connections);
    }

    [Fact]
    public async Task A_retried_change_is_stored_once_and_refusals_carry_their_status()
    {
        await using var server = await TestServer.StartAsync();
        var room = Ids.Unique("room");
        await using var alice = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("alice")));
        await using var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("bob")));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        ClientEvents.Drain(alice);
        ClientEvents.Drain(bob);
        var sent = await alice.SendAsync(room, "helo");

        var edit = await alice.EditAsync(room, sent.Offset, "hello", clientChangeId: "edit-1");
        var again = await alice.EditAsync(room, sent.Offset, "hello", clientChangeId: "edit-1");
        var notHers = await Assert.ThrowsAsync<RpcException>(() => bob.EditAsync(room, sent.Offset, "mine now"));
        await alice.DeleteAsync(room, sent.Offset);
        var gone = await Assert.ThrowsAsync<RpcException>(() => alice.EditAsync(room, sent.Offset, "too late"));
        var badEmoji = await Assert.ThrowsAsync<RpcException>(() => bob.ReactAsync(room, sent.Offset, "two words"));
        var versions = await alice.ListMessageVersionsAsync(room, sent.Offset);

        Assert.Equal((edit.Offset, true), (again.Offset, again.Duplicate));
        Assert.Equal(StatusCode.PermissionDenied, notHers.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, gone.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badEmoji.StatusCode);
        Assert.Empty(versions.Versions);
        Assert.Equal(sent.Offset + 2, (await alice.ListMessagesAsync(room, 10)).Position.Offset);
    }

    private static string Folded(ChatMessage message) =>
        $"{message.Offset} '{message.Content}' deleted={message.Deleted} edited={message.EditedAt?.ToDateTimeOffset():O} "
        + string.Join(",", message.Reactions.Select(r => $"{r.Emoji}{r.Count}{(r.Mine ? "*" : "")}"));
}
