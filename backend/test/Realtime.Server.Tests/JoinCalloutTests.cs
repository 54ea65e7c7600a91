using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;
using Realtime.Protos.Game.V1;
using Realtime.Protos.Webhooks;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// Join callouts against a real HTTP endpoint: the application decides who joins a room, opens a document or plays a
/// game and with which role; a refusal carries its reason; a callout that does not answer refuses (fail closed) or
/// leaves it to the topic (fail open); answers are reused for a while and then asked again. A room's unary calls are
/// decided the same way.
/// </summary>
[Trait("Tier", "integration")]
public sealed class JoinCalloutTests
{
    private const string Secret = "callout-secret-0123456789";

    private static Task<TestServer> StartAsync(CalloutReceiver callout, string chatCacheFor = "00:00:30") => TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["JoinCallouts:Endpoints:chat:Url"] = callout.Url.ToString(),
        ["JoinCallouts:Endpoints:chat:Secrets:0"] = Secret,
        ["JoinCallouts:Endpoints:chat:Timeout"] = "00:00:00.500",
        ["JoinCallouts:Endpoints:chat:CacheFor"] = chatCacheFor,
        ["JoinCallouts:Endpoints:doc:Url"] = callout.Url.ToString(),
        ["JoinCallouts:Endpoints:doc:Secrets:0"] = Secret,
        ["JoinCallouts:Endpoints:doc:Timeout"] = "00:00:00.500",
        ["JoinCallouts:Endpoints:doc:FailOpen"] = "true",
        ["JoinCallouts:Endpoints:game:Url"] = callout.Url.ToString(),
        ["JoinCallouts:Endpoints:game:Secrets:0"] = Secret,
    });

    [Fact]
    public async Task The_callout_decides_who_joins_with_which_role_and_profile_and_a_refusal_says_why()
    {
        await using var callout = await CalloutReceiver.StartAsync();
        var (writer, reader, refused, admin) = (Ids.Unique("writer"), Ids.Unique("reader"), Ids.Unique("refused"), Ids.Unique("admin"));
        callout.Decide = question =>
            question.User == reader ? (200, """{"allow":true,"role":"reader"}""")
            : question.User == refused ? (200, """{"allow":false,"reason":"not in this workspace"}""")
            : (200, """{"allow":true,"role":"writer","display_name":"Wendy Writer","avatar_url":"https://example.com/wendy.png"}""");
        await using var server = await StartAsync(callout);
        var room = Ids.Unique("room");
        await using var writerStream = ChatStream.Open(server.NativeChannel(), server.Token(writer));
        await using var readerStream = ChatStream.Open(server.NativeChannel(), server.Token(reader));
        await using var refusedStream = ChatStream.Open(server.NativeChannel(), server.Token(refused));
        await using var adminStream = ChatStream.Open(server.NativeChannel(), server.Token(admin, ["admin"]));

        var writerJoined = await writerStream.JoinAsync(room);
        var readerJoined = await readerStream.JoinAsync(room);
        await refusedStream.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room } });
        var refusal = await refusedStream.ErrorAsync(e => e.Command == CommandKind.Join, "the refused join");
        await adminStream.JoinAsync(room);
        await writerStream.SendAsync(room, "from the writer", "w1");
        await writerStream.AckAsync("w1");
        await readerStream.SendAsync(room, "from the reader", "r1");
        var readerSend = await readerStream.ErrorAsync(e => e.ClientMessageId == "r1", "the reader's send refused");
        var chat = new ChatService.ChatServiceClient(server.NativeChannel());
        var refusedRead = await Assert.ThrowsAsync<RpcException>(async () =>
            await chat.ListMessagesAsync(new ListMessagesRequest { RoomId = room }, Auth.Headers(server.Token(refused))));
        var readerRead = await chat.ListMessagesAsync(new ListMessagesRequest { RoomId = room }, Auth.Headers(server.Token(reader)));
        var members = await chat.ListMembersAsync(new ListMembersRequest { RoomId = room }, Auth.Headers(server.Token(reader)));

        // The writer's join created the room, yet with a callout deciding, the first to arrive does not own it.
        Assert.Equal((AccessRole.Writer, AccessRole.Reader), (writerJoined.AccessRole, readerJoined.AccessRole));
        Assert.Equal((int)StatusCode.PermissionDenied, refusal.Error.Code);
        Assert.Contains("not in this workspace", refusal.Error.Message, StringComparison.Ordinal);
        Assert.Equal((int)StatusCode.PermissionDenied, readerSend.Error.Code);
        Assert.Equal(StatusCode.PermissionDenied, refusedRead.StatusCode);
        Assert.Equal(["from the writer"], readerRead.Messages.Select(m => m.Content));
        var shown = Assert.Single(readerJoined.Members, m => m.UserId == writer);
        Assert.Equal(("Wendy Writer", "https://example.com/wendy.png"), (shown.DisplayName, shown.AvatarUrl));
        Assert.Equal(("Wendy Writer", ""), (members.Members.Single(m => m.UserId == writer).DisplayName, members.Members.Single(m => m.UserId == reader).DisplayName));
        Assert.Equal(0, callout.Asked(admin));
        var asked = callout.Questions.Single(q => q.User == reader);
        Assert.Equal(("chat", room, "join"), (asked.Kind, asked.Topic, asked.Action));
        Assert.True(WebhookSignature.Verify(asked.Body, asked.Timestamp, asked.Signature, [Secret], DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task The_callout_lets_a_user_into_a_private_room_but_a_ban_in_the_room_still_keeps_them_out()
    {
        await using var callout = await CalloutReceiver.StartAsync();
        await using var server = await StartAsync(callout);
        var (owner, guest, banned) = (Ids.Unique("owner"), Ids.Unique("guest"), Ids.Unique("banned"));
        var room = Ids.Unique("private-room");
        var chat = new ChatService.ChatServiceClient(server.NativeChannel());
        await chat.CreateRoomAsync(new CreateRoomRequest { RoomId = room, Access = new AccessPolicy { Visibility = Visibility.Private } }, Auth.Headers(server.Token(owner)));
        await chat.ModerateRoomAsync(
            new ModerateRoomRequest { RoomId = room, Ban = new BanMember { UserId = banned, Reason = "spam" } }, Auth.Headers(server.Token(owner)));
        await using var guestStream = ChatStream.Open(server.NativeChannel(), server.Token(guest));
        await using var bannedStream = ChatStream.Open(server.NativeChannel(), server.Token(banned));

        var guestJoined = await guestStream.JoinAsync(room);
        await guestStream.SendAsync(room, "hello from the guest", "g1");
        var ack = await guestStream.AckAsync("g1");
        await bannedStream.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room } });
        var bannedRefusal = await bannedStream.ErrorAsync(e => e.Command == CommandKind.Join, "the banned user's join");
        var guestRead = await chat.ListMessagesAsync(new ListMessagesRequest { RoomId = room }, Auth.Headers(server.Token(guest)));

        Assert.Equal(AccessRole.Writer, guestJoined.AccessRole);
        Assert.Equal(["hello from the guest"], guestRead.Messages.Select(m => m.Content));
        Assert.True(ack.Offset > 0);
        Assert.Equal((int)StatusCode.PermissionDenied, bannedRefusal.Error.Code);
        Assert.Equal(1, callout.Asked(banned));
    }

    [Fact]
    public async Task A_callout_that_does_not_answer_refuses_the_join_unless_its_kind_fails_open()
    {
        await using var callout = await CalloutReceiver.StartAsync();
        callout.Delay = TimeSpan.FromSeconds(5);
        await using var server = await StartAsync(callout);
        var user = Ids.Unique("user");
        await using var chat = ChatStream.Open(server.NativeChannel(), server.Token(user));
        await using var documents = DocumentStream.Open(server.NativeChannel(), server.Token(user));
        var room = Ids.Unique("room");
        var document = Ids.Unique("doc");

        await chat.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room } });
        var refusal = await chat.ErrorAsync(e => e.Command == CommandKind.Join, "the join refused after the timeout");
        var opened = await documents.OpenDocumentAsync(document);

        Assert.Equal((int)StatusCode.Unavailable, refusal.Error.Code);
        Assert.Equal(document, opened.DocumentId);
        Assert.Equal(["chat", "doc"], callout.Questions.Select(q => q.Kind).Order());
        Assert.Equal("open", callout.Questions.Single(q => q.Kind == "doc").Action);
    }

    [Fact]
    public async Task Answers_are_reused_until_they_expire_and_then_the_callout_is_asked_again()
    {
        await using var callout = await CalloutReceiver.StartAsync();
        await using var server = await StartAsync(callout, chatCacheFor: "00:00:01");
        var user = Ids.Unique("user");
        var room = Ids.Unique("room");
        await using var first = ChatStream.Open(server.NativeChannel(), server.Token(user));
        await using var second = ChatStream.Open(server.NativeChannel(), server.Token(user));
        await using var third = ChatStream.Open(server.NativeChannel(), server.Token(user));

        await first.JoinAsync(room);
        callout.Decide = _ => (200, """{"allow":false,"reason":"left the team"}""");
        await second.JoinAsync(room);
        var askedWhileCached = callout.Asked(user);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await third.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room } });
        var refusal = await third.ErrorAsync(e => e.Command == CommandKind.Join, "the join after the answer expired");

        Assert.Equal(1, askedWhileCached);
        Assert.Equal(2, callout.Asked(user));
        Assert.Contains("left the team", refusal.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_game_asks_whether_the_user_may_play_or_watch_and_a_callout_error_is_a_refusal()
    {
        await using var callout = await CalloutReceiver.StartAsync();
        var (owner, player, spectator) = (Ids.Unique("owner"), Ids.Unique("player"), Ids.Unique("spectator"));
        callout.Decide = question => question.User == spectator ? (500, "{}") : (200, """{"allow":true}""");
        await using var server = await StartAsync(callout);
        var game = Ids.Unique("game");
        await new GameService.GameServiceClient(server.NativeChannel()).CreateGameAsync(
            new CreateGameRequest { GameId = game, MaxPlayers = 4, MaxSpectators = 4, TickRate = 20 }, Auth.Headers(server.Token(owner)));
        await using var playerStream = GameStream.Open(server.NativeChannel(), server.Token(player));
        await using var spectatorStream = GameStream.Open(server.NativeChannel(), server.Token(spectator));

        await playerStream.JoinedAsync(game);
        await spectatorStream.JoinAsync(game, GameRole.Spectator);
        var refusal = await spectatorStream.ErrorAsync(e => e.GameId == game, "the spectator refused: the callout failed");

        Assert.Equal((int)StatusCode.Unavailable, refusal.Error.Code);
        Assert.Equal("play", callout.Questions.Single(q => q.User == player).Action);
        Assert.Equal("watch", callout.Questions.Single(q => q.User == spectator).Action);
    }
}
