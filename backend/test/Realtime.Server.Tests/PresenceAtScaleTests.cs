using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// A crowd's join names only its first members and its presence changes only count; the count is
/// exact and ListMembers pages through everyone.
/// </summary>
[Trait("Tier", "integration")]
public sealed class PresenceAtScaleTests
{
    [Fact]
    public async Task A_join_names_the_first_members_changes_in_a_crowd_only_count_and_ListMembers_pages_through_everyone()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Chat:MembersInJoin"] = "2",
            ["Chat:NamedPresenceLimit"] = "4",
            ["Chat:PresenceBatchInterval"] = "00:00:00.050",
        });
        var room = Ids.Unique("crowd");
        var users = Enumerable.Range(0, 5).Select(i => $"{Ids.Unique("m")}-{i}").ToArray();
        var streams = new List<ChatStream>();
        try
        {
            RoomJoined? last = null;
            foreach (var user in users)
            {
                var stream = ChatStream.Open(server.NativeChannel(), server.Token(user));
                streams.Add(stream);
                last = await stream.JoinAsync(room);
            }
            var chat = new ChatService.ChatServiceClient(server.NativeChannel());
            var headers = Auth.Headers(server.Token(users[0]));
            var listed = new List<string>();
            var token = "";
            var pages = 0;
            do
            {
                var page = await chat.ListMembersAsync(new ListMembersRequest { RoomId = room, PageSize = 2, PageToken = token }, headers);
                Assert.Equal(5, page.PresentCount);
                listed.AddRange(page.Members.Select(m => m.UserId));
                token = page.NextPageToken;
                pages++;
            }
            while (token.Length > 0);
            // Its join must have gone out first (a join and a leave within one batch cancel out): five are a crowd.
            var crowded = await streams[0].FrameAsync(f => f.Presence is { PresentCount: 5 }, "the fifth member counted");
            await streams[^1].DisposeAsync();
            streams.RemoveAt(streams.Count - 1);
            var afterLeave = await streams[0].FrameAsync(
                f => f.Presence is { } p && p.LeftUserIds.Contains(users[^1]),
                "the last member's leave");
            var tooLarge = await Assert.ThrowsAsync<RpcException>(() => chat.ListMembersAsync(new ListMembersRequest { RoomId = room, PageSize = 1001 }, headers).ResponseAsync);
            var unknown = await Assert.ThrowsAsync<RpcException>(() => chat.ListMembersAsync(new ListMembersRequest { RoomId = Ids.Unique("nowhere") }, headers).ResponseAsync);

            Assert.Equal(5, last!.PresentCount);
            Assert.Equal(users.Order(StringComparer.Ordinal).Take(2), last.Members.Select(m => m.UserId));
            Assert.Equal(users.Order(StringComparer.Ordinal), listed);
            Assert.Equal(3, pages);
            Assert.Equal(4, afterLeave.Presence.PresentCount);
            Assert.False(afterLeave.Presence.CountsOnly);
            Assert.True(crowded.Presence.CountsOnly);
            Assert.Empty(crowded.Presence.Joined);
            Assert.All(streams[0].Frames.Where(f => f.Presence is not null), f => Assert.Equal(f.Presence.PresentCount > 4, f.Presence.CountsOnly));
            Assert.Equal(StatusCode.InvalidArgument, tooLarge.StatusCode);
            Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }
}
