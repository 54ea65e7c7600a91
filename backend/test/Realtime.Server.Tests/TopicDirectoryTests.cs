using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Core.Internal;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Chat;
using Realtime.Grains.Documents;
using Realtime.Grains.Games;
using Realtime.Protos.Access.V1;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Listing reads the topic index, not the topics' grains; create-on-join can be turned off.</summary>
[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class TopicDirectoryTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Listing_rooms_activates_none_of_them_and_shows_their_current_position_and_access()
    {
        var cast = new AccessCast(Server);
        var chat = new ChatService.ChatServiceClient(Server.NativeChannel());
        var prefix = Ids.Unique("idle");
        var rooms = Enumerable.Range(0, 3).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var room in rooms)
        {
            await chat.CreateRoomAsync(new CreateRoomRequest { RoomId = room }, cast.Headers(cast.Owner));
        }
        await using (var stream = ChatStream.Open(Server.NativeChannel(), Server.Token(cast.Owner)))
        {
            await stream.JoinAsync(rooms[0]);
            for (var i = 0; i < 4; i++)
            {
                await stream.SendAsync(rooms[0], $"m{i}");
            }
            await stream.MessagesAsync(rooms[0], 4);
        }
        var access = new AccessService.AccessServiceClient(Server.NativeChannel());
        var hidden = new TopicRef { Kind = TopicKind.ChatRoom, Id = rooms[2] };
        var policy = (await access.GetAccessAsync(new GetAccessRequest { Topic = hidden }, cast.Headers(cast.Owner))).Policy;
        policy.Visibility = Visibility.Private;
        await access.UpdateAccessAsync(new UpdateAccessRequest { Topic = hidden, Policy = policy }, cast.Headers(cast.Owner));
        var grains = Server.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        await Eventually.PassesAsync(
            async () =>
            {
                foreach (var room in await ActiveAsync(management, rooms))
                {
                    await grains.GetGrain<IChatRoomGrain>(room).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
                }
                return (await ActiveAsync(management, rooms)).Length == 0;
            },
            "the rooms deactivated");

        var byOwner = await ListAsync(chat, prefix, cast.Headers(cast.Owner));
        var byStranger = await ListAsync(chat, prefix, cast.Headers(cast.Stranger));
        var active = await ActiveAsync(management, rooms);

        Assert.Empty(active);
        Assert.Equal(rooms, byOwner.Select(r => r.RoomId));
        Assert.Equal([4L, 0, 0], byOwner.Select(r => r.Position.Offset));
        Assert.Equal([rooms[0], rooms[1]], byStranger.Select(r => r.RoomId));
    }

    [Fact]
    public async Task With_create_on_join_off_a_join_of_an_unknown_room_is_not_found_and_a_created_room_is_joined()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Topics:CreateOnJoin"] = "false" });
        var user = Ids.Unique("u");
        var room = Ids.Unique("room");
        await using var stream = ChatStream.Open(server.NativeChannel(), server.Token(user));

        await stream.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room } });
        var refused = await stream.ErrorAsync(e => e.RoomId == room, $"the join of {room} refused");
        await new ChatService.ChatServiceClient(server.NativeChannel()).CreateRoomAsync(new CreateRoomRequest { RoomId = room }, Auth.Headers(server.Token(user)));
        var joined = await stream.JoinAsync(room);
        var listed = await new ChatService.ChatServiceClient(server.NativeChannel()).ListRoomsAsync(new ListRoomsRequest(), Auth.Headers(server.Token(user)));

        Assert.Equal((int)StatusCode.NotFound, refused.Error.Code);
        Assert.Equal(room, joined.RoomId);
        Assert.Equal([room], listed.Rooms.Select(r => r.RoomId));
    }

    [Fact]
    public void Idle_rooms_documents_and_games_are_deactivated_after_the_configured_age()
    {
        var collection = Server.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(10), collection.ClassSpecificCollectionAge[typeof(ChatRoomGrain).FullName!]);
        Assert.Equal(TimeSpan.FromMinutes(10), collection.ClassSpecificCollectionAge[typeof(DocumentGrain).FullName!]);
        Assert.Equal(TimeSpan.FromMinutes(10), collection.ClassSpecificCollectionAge[typeof(GameSessionGrain).FullName!]);
    }

    private static async Task<List<Room>> ListAsync(ChatService.ChatServiceClient chat, string prefix, Metadata headers)
    {
        var rooms = new List<Room>();
        var token = "";
        do
        {
            var page = await chat.ListRoomsAsync(new ListRoomsRequest { PageSize = 50, PageToken = token }, headers);
            rooms.AddRange(page.Rooms.Where(r => r.RoomId.StartsWith(prefix, StringComparison.Ordinal)));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return rooms;
    }

    private static async Task<string[]> ActiveAsync(IManagementGrain management, string[] rooms)
    {
        var statistics = await management.GetDetailedGrainStatistics();
        return [.. statistics.Select(s => s.GrainId.Key.ToString()).Where(key => key is not null && rooms.Contains(key))];
    }
}
