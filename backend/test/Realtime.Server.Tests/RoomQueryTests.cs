using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class RoomQueryTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task CreateGetAndList_Rooms_WithPaging()
    {
        var client = new ChatService.ChatServiceClient(Server.NativeChannel());
        var creator = Ids.Unique("creator");
        var headers = Auth.Headers(Server.Token(creator));
        var prefix = Ids.Unique("list");
        var ids = Enumerable.Range(0, 5).Select(i => $"{prefix}-{i}").ToList();
        foreach (var id in ids)
        {
            await client.CreateRoomAsync(new CreateRoomRequest { RoomId = id, DisplayName = $"Room {id}" }, headers);
        }

        var again = await Assert.ThrowsAsync<RpcException>(() => client.CreateRoomAsync(new CreateRoomRequest { RoomId = ids[0] }, headers).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => client.GetRoomAsync(new GetRoomRequest { RoomId = Ids.Unique("nope") }, headers).ResponseAsync);
        var got = await client.GetRoomAsync(new GetRoomRequest { RoomId = ids[2] }, headers);

        var listed = new List<Room>();
        var token = "";
        do
        {
            var page = await client.ListRoomsAsync(new ListRoomsRequest { PageSize = 2, PageToken = token }, headers);
            Assert.True(page.Rooms.Count <= 2);
            listed.AddRange(page.Rooms);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal($"Room {ids[2]}", got.Room.DisplayName);
        Assert.Equal(creator, got.Room.CreatedBy);
        Assert.Equal(ids, listed.Select(r => r.RoomId).Where(id => id.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal(listed.Select(r => r.RoomId).Order(StringComparer.Ordinal), listed.Select(r => r.RoomId));
    }

    [Fact]
    public async Task ListMessages_PagesBackThroughHistory_NewestFirst()
    {
        var room = Ids.Unique("room");
        var token = Server.Token(Ids.Unique("u"));
        await using var stream = ChatStream.Open(Server.NativeChannel(), token);
        await stream.JoinAsync(room);
        for (var i = 1; i <= 7; i++)
        {
            await stream.SendAsync(room, $"m{i}");
        }
        await stream.MessagesAsync(room, 7);
        var client = new ChatService.ChatServiceClient(Server.NativeChannel());

        var pages = new List<List<string>>();
        var pageToken = "";
        do
        {
            var page = await client.ListMessagesAsync(new ListMessagesRequest { RoomId = room, PageSize = 3, PageToken = pageToken }, Auth.Headers(token));
            pages.Add([.. page.Messages.Select(m => m.Content)]);
            pageToken = page.NextPageToken;
        }
        while (pageToken.Length > 0);

        Assert.Equal([["m7", "m6", "m5"], ["m4", "m3", "m2"], ["m1"]], pages);
    }
}
