using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Server.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>The server API over gRPC: what an application's backend publishes, removes and reads with its API key.</summary>
[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class ServerApiTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private ServerApiService.ServerApiServiceClient Api => new(Server.NativeChannel());

    private static Metadata Key(string apiKey) => new() { { "authorization", $"ApiKey {apiKey}" } };

    private static PublishMessageRequest Publish(string room, string key, string content, string onBehalfOf = "") =>
        new() { Send = new SendMessage { RoomId = room, ClientMessageId = key, Content = content }, OnBehalfOf = onBehalfOf };

    [Fact]
    public async Task A_published_message_reaches_the_room_s_streams_and_history_at_one_offset_and_a_retry_is_stored_once()
    {
        var room = Ids.Unique("room");
        var alice = Ids.Unique("alice");
        await using var member = ChatStream.Open(Server.NativeChannel(), Server.Token(alice));
        await member.JoinAsync(room);

        var first = (await Api.PublishMessageAsync(Publish(room, "order-1", "Your order shipped"), Key(TestServer.ServerApiKey))).Ack;
        var retry = (await Api.PublishMessageAsync(Publish(room, "order-1", "Your order shipped"), Key(TestServer.ServerApiKey))).Ack;
        var forAlice = (await Api.PublishMessageAsync(Publish(room, "order-2", $"thanks @{alice}", onBehalfOf: "bob"), Key(TestServer.ServerApiKey))).Ack;

        Assert.Equal((false, true, first.Offset), (first.Duplicate, retry.Duplicate, retry.Offset));
        Assert.Equal(first.Offset + 1, forAlice.Offset);
        var live = await member.MessagesAsync(room, 2);
        var history = await Api.ListHistoryAsync(new ListMessagesRequest { RoomId = room }, Key(TestServer.ReadOnlyServerApiKey));
        foreach (var messages in new[] { live, [.. history.Messages.Reverse()] })
        {
            Assert.Equal(
                [(first.Offset, "", "backend", "Your order shipped"), (forAlice.Offset, "bob", "backend", $"thanks @{alice}")],
                messages.Select(m => (m.Offset, m.SenderId, m.PostedBy, m.Content)));
            Assert.Equal([alice], messages[1].Mentions);
        }
    }

    [Fact]
    public async Task A_batch_stores_each_message_or_says_why_not_without_touching_the_others()
    {
        var room = Ids.Unique("room");
        await using var member = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("member")));
        await member.JoinAsync(room);
        var batch = new PublishMessagesRequest
        {
            Messages = { Publish(room, "a", "one"), Publish(Ids.Unique("missing"), "b", "two"), Publish(room, "c", ""), Publish(room, "d", "four") },
        };

        var outcomes = (await Api.PublishMessagesAsync(batch, Key(TestServer.ServerApiKey))).Outcomes;

        Assert.Equal(
            [PublishOutcome.OutcomeOneofCase.Ack, PublishOutcome.OutcomeOneofCase.Error, PublishOutcome.OutcomeOneofCase.Error, PublishOutcome.OutcomeOneofCase.Ack],
            outcomes.Select(o => o.OutcomeCase));
        Assert.Equal((int)StatusCode.NotFound, outcomes[1].Error.Code);
        Assert.Equal(((int)StatusCode.InvalidArgument, "messages[2].send.content"), (outcomes[2].Error.Code, Assert.Single(outcomes[2].Error.FieldViolations).Field));
        Assert.Equal(outcomes[0].Ack.Offset + 1, outcomes[3].Ack.Offset);
        Assert.Equal(["one", "four"], (await member.MessagesAsync(room, 2)).Select(m => m.Content));
    }

    [Fact]
    public async Task A_removed_user_leaves_the_room_at_once_and_may_come_back_when_the_block_ends()
    {
        var room = Ids.Unique("room");
        var owner = Ids.Unique("owner");
        var troll = Ids.Unique("troll");
        await using var ownerStream = ChatStream.Open(Server.NativeChannel(), Server.Token(owner));
        await ownerStream.JoinAsync(room);
        await using var trollStream = ChatStream.Open(Server.NativeChannel(), Server.Token(troll));
        await trollStream.JoinAsync(room);
        var remove = new RemoveUserRequest { RoomId = room, UserId = troll, Reason = "spam", BlockFor = Duration.FromTimeSpan(TimeSpan.FromSeconds(2)), IdempotencyKey = "remove-1" };

        var removed = await Api.RemoveUserAsync(remove, Key(TestServer.ServerApiKey));
        var again = await Api.RemoveUserAsync(remove, Key(TestServer.ServerApiKey));

        Assert.Equal((false, true, removed.Position.Offset), (removed.Duplicate, again.Duplicate, again.Position.Offset));
        Assert.Equal(removed.BlockedUntil, again.BlockedUntil);
        var left = await trollStream.FrameAsync(f => f.Left?.RoomId == room, "the troll removed from the room");
        Assert.Equal((int)StatusCode.PermissionDenied, left.Left.Reason.Code);
        var chat = new ChatService.ChatServiceClient(Server.NativeChannel());
        var refused = await Assert.ThrowsAsync<RpcException>(() => chat.GetRoomAsync(new GetRoomRequest { RoomId = room }, Auth.Headers(Server.Token(troll))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        var banned = await ownerStream.FrameAsync(f => f.Moderated?.Ban is { Lift: false }, "the ban announced");
        Assert.Equal(("", "backend", troll, TimeSpan.FromSeconds(2)), (banned.Moderated.ModeratorId, banned.Moderated.PostedBy, banned.Moderated.Ban.UserId, banned.Moderated.Ban.Duration.ToTimeSpan()));

        var lifted = await ownerStream.FrameAsync(f => f.Moderated?.Ban is { Lift: true }, "the ban lifted when its time is up");
        Assert.Equal(("", "", troll), (lifted.Moderated.ModeratorId, lifted.Moderated.PostedBy, lifted.Moderated.Ban.UserId));
        Assert.Equal(removed.Position.Offset + 1, lifted.Moderated.Offset);
        Assert.Equal(room, (await chat.GetRoomAsync(new GetRoomRequest { RoomId = room }, Auth.Headers(Server.Token(troll)))).Room.RoomId);
        await trollStream.JoinAsync(room);
    }

    [Fact]
    public async Task Rooms_are_read_in_a_batch_with_the_missing_ones_marked_and_presence_paged()
    {
        var room = Ids.Unique("room");
        var missing = Ids.Unique("missing");
        var users = new[] { Ids.Unique("a"), Ids.Unique("b"), Ids.Unique("c") };
        var streams = users.Select(user => ChatStream.Open(Server.NativeChannel(), Server.Token(user))).ToArray();
        try
        {
            foreach (var stream in streams)
            {
                await stream.JoinAsync(room);
            }

            var rooms = (await Api.GetRoomsAsync(new GetRoomsRequest { RoomIds = { room, missing } }, Key(TestServer.ReadOnlyServerApiKey))).Rooms;
            var firstPage = await Api.ListPresenceAsync(new ListMembersRequest { RoomId = room, PageSize = 2 }, Key(TestServer.ReadOnlyServerApiKey));
            var secondPage = await Api.ListPresenceAsync(new ListMembersRequest { RoomId = room, PageSize = 2, PageToken = firstPage.NextPageToken }, Key(TestServer.ReadOnlyServerApiKey));

            Assert.Equal([(room, false, 3, users[0]), (missing, true, 0, "")], rooms.Select(r => (r.RoomId, r.NotFound, r.PresentCount, r.Room?.CreatedBy ?? "")));
            Assert.Equal(users.Order(StringComparer.Ordinal), firstPage.Members.Concat(secondPage.Members).Select(m => m.UserId));
            Assert.Equal("", secondPage.NextPageToken);
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task User_tokens_wrong_keys_and_missing_scopes_are_refused_and_a_key_opens_nothing_else()
    {
        var room = Ids.Unique("room");
        var user = Ids.Unique("user");
        await using var member = ChatStream.Open(Server.NativeChannel(), Server.Token(user));
        await member.JoinAsync(room);
        var read = new GetRoomsRequest { RoomIds = { room } };

        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(Api.GetRoomsAsync(read, Auth.Headers(Server.Token(user, ["admin"])))));
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(Api.GetRoomsAsync(read, Key("backend-key.wrong-secret"))));
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(Api.GetRoomsAsync(read, Key("no-such-key.backend-secret"))));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(Api.PublishMessageAsync(Publish(room, "x", "hi"), Key(TestServer.ReadOnlyServerApiKey))));
        var remove = new RemoveUserRequest { RoomId = room, UserId = user, BlockFor = Duration.FromTimeSpan(TimeSpan.FromMinutes(1)), IdempotencyKey = "r" };
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(Api.RemoveUserAsync(remove, Key(TestServer.ReadOnlyServerApiKey))));
        var chat = new ChatService.ChatServiceClient(Server.NativeChannel());
        Assert.Equal(StatusCode.Unauthenticated, await StatusOf(chat.GetRoomAsync(new GetRoomRequest { RoomId = room }, Key(TestServer.ServerApiKey))));

        Assert.Equal(room, Assert.Single((await Api.GetRoomsAsync(read, Key(TestServer.ReadOnlyServerApiKey))).Rooms).Room.RoomId);
        Assert.Empty(member.Messages(room));
    }

    [Fact]
    public async Task Bad_requests_name_their_fields()
    {
        var tooLong = Duration.FromTimeSpan(TimeSpan.FromDays(400));
        var remove = new RemoveUserRequest { RoomId = "bad room", UserId = "", BlockFor = tooLong, Reason = new string('r', 300) };

        var removal = await Assert.ThrowsAsync<RpcException>(() => Api.RemoveUserAsync(remove, Key(TestServer.ServerApiKey)).ResponseAsync);
        var publish = await Assert.ThrowsAsync<RpcException>(() => Api.PublishMessageAsync(
            new PublishMessageRequest { Send = new SendMessage { RoomId = Ids.Unique("room"), ClientMessageId = "k", Content = "x" }, OnBehalfOf = "bad\nuser" },
            Key(TestServer.ServerApiKey)).ResponseAsync);
        var rooms = await Assert.ThrowsAsync<RpcException>(() => Api.GetRoomsAsync(new GetRoomsRequest(), Key(TestServer.ServerApiKey)).ResponseAsync);

        Assert.Equal(["block_for", "idempotency_key", "reason", "room_id", "user_id"], FieldsOf(removal));
        Assert.Equal(["on_behalf_of"], FieldsOf(publish));
        Assert.Equal(["room_ids"], FieldsOf(rooms));
    }

    private static string[] FieldsOf(RpcException refusal)
    {
        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        return [.. refusal.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).Order(StringComparer.Ordinal)];
    }

    private static async Task<StatusCode> StatusOf<T>(AsyncUnaryCall<T> call)
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
        return refused.StatusCode;
    }
}
