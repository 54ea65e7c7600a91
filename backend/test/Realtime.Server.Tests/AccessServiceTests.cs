using Google.Rpc;
using Grpc.Core;
using Realtime.Protos.Access.V1;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Collab.V1;
using Realtime.Protos.Common.V1;
using Realtime.Protos.Game.V1;
using Realtime.Testing;
using static Realtime.Server.Tests.AccessCast;

namespace Realtime.Server.Tests;

/// <summary>Reading and changing policies, and what a change does to streams already in the topic.</summary>
[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class AccessServiceTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private AccessService.AccessServiceClient Access => new(Server.NativeChannel());

    [Fact]
    public async Task Members_read_the_policy_only_the_owner_or_an_admin_changes_it_and_stale_versions_are_aborted()
    {
        var cast = new AccessCast(Server);
        var room = Ids.Unique("room");
        await new ChatService.ChatServiceClient(Server.NativeChannel()).CreateRoomAsync(
            new CreateRoomRequest { RoomId = room, Access = cast.PrivatePolicy() }, cast.Headers(cast.Owner));
        var topic = new TopicRef { Kind = TopicKind.ChatRoom, Id = room };

        var asReader = await Access.GetAccessAsync(new GetAccessRequest { Topic = topic }, cast.Headers(cast.Reader));
        var strangerRead = await StatusOf(() => Access.GetAccessAsync(new GetAccessRequest { Topic = topic }, cast.Headers(cast.Stranger)).ResponseAsync);
        var opened = asReader.Policy.Clone();
        opened.Visibility = Visibility.Public;
        var writerChange = await StatusOf(() => Access.UpdateAccessAsync(new UpdateAccessRequest { Topic = topic, Policy = opened }, cast.Headers(cast.Writer)).ResponseAsync);
        var byOwner = await Access.UpdateAccessAsync(new UpdateAccessRequest { Topic = topic, Policy = opened }, cast.Headers(cast.Owner));
        var stale = await StatusOf(() => Access.UpdateAccessAsync(new UpdateAccessRequest { Topic = topic, Policy = opened }, cast.Headers(cast.Owner)).ResponseAsync);
        var transfer = byOwner.Policy.Clone();
        transfer.OwnerId = cast.Writer;
        var byAdmin = await Access.UpdateAccessAsync(new UpdateAccessRequest { Topic = topic, Policy = transfer }, cast.Headers(cast.Admin));
        var asNewOwner = await Access.GetAccessAsync(new GetAccessRequest { Topic = topic }, cast.Headers(cast.Writer));
        var asStrangerNow = await Access.GetAccessAsync(new GetAccessRequest { Topic = topic }, cast.Headers(cast.Stranger));

        Assert.Equal((AccessRole.Reader, cast.Owner, Visibility.Private, 0L), (asReader.CallerRole, asReader.Policy.OwnerId, asReader.Policy.Visibility, asReader.Policy.Version));
        Assert.Equal([(cast.Reader, AccessRole.Reader), (cast.Writer, AccessRole.Writer)], asReader.Policy.Members.Select(m => (m.UserId, m.Role)).OrderBy(m => m.UserId == cast.Writer));
        Assert.Equal(StatusCode.PermissionDenied, strangerRead);
        Assert.Equal(StatusCode.PermissionDenied, writerChange);
        Assert.Equal((Visibility.Public, 1L), (byOwner.Policy.Visibility, byOwner.Policy.Version));
        Assert.Equal(StatusCode.Aborted, stale);
        Assert.Equal((cast.Writer, 2L), (byAdmin.Policy.OwnerId, byAdmin.Policy.Version));
        Assert.Equal(AccessRole.Owner, asNewOwner.CallerRole);
        Assert.Equal(AccessRole.Writer, asStrangerNow.CallerRole);
    }

    [Fact]
    public async Task Bad_policies_and_topic_references_are_refused_with_the_fields_at_fault()
    {
        var cast = new AccessCast(Server);
        var doc = Ids.Unique("doc");
        await new CollaborationService.CollaborationServiceClient(Server.NativeChannel()).CreateDocumentAsync(
            new CreateDocumentRequest { DocumentId = doc }, cast.Headers(cast.Owner));
        var topic = new TopicRef { Kind = TopicKind.Document, Id = doc };
        var bad = new AccessPolicy
        {
            Visibility = (Visibility)7,
            PublicRole = AccessRole.Owner,
            Members =
            {
                new AccessGrant { UserId = cast.Reader, Role = AccessRole.Reader },
                new AccessGrant { UserId = cast.Reader, Role = AccessRole.Writer },
                new AccessGrant { UserId = "", Role = AccessRole.Owner },
            },
        };

        var invalid = await Assert.ThrowsAsync<RpcException>(() => Access.UpdateAccessAsync(new UpdateAccessRequest { Topic = topic, Policy = bad }, cast.Headers(cast.Owner)).ResponseAsync);
        var noKind = await Assert.ThrowsAsync<RpcException>(() => Access.GetAccessAsync(new GetAccessRequest { Topic = new TopicRef { Id = "bad id!" } }, cast.Headers(cast.Owner)).ResponseAsync);
        var missing = await StatusOf(() => Access.GetAccessAsync(new GetAccessRequest { Topic = new TopicRef { Kind = TopicKind.Game, Id = Ids.Unique("never") } }, cast.Headers(cast.Owner)).ResponseAsync);
        var onCreate = await Assert.ThrowsAsync<RpcException>(() => new GameService.GameServiceClient(Server.NativeChannel()).CreateGameAsync(
            new CreateGameRequest { GameId = Ids.Unique("game"), Access = new AccessPolicy { Members = { new AccessGrant { UserId = "x" } } } }, cast.Headers(cast.Owner)).ResponseAsync);
        var unchanged = await Access.GetAccessAsync(new GetAccessRequest { Topic = topic }, cast.Headers(cast.Owner));

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(
            ["policy.visibility", "policy.public_role", "policy.members[1].user_id", "policy.members[2].user_id", "policy.members[2].role"],
            Fields(invalid));
        Assert.Equal(["topic.kind", "topic.id"], Fields(noKind));
        Assert.Equal(StatusCode.NotFound, missing);
        Assert.Equal(["access.members[0].role"], Fields(onCreate));
        Assert.Equal((Visibility.Public, 0L), (unchanged.Policy.Visibility, unchanged.Policy.Version));
    }

    [Fact]
    public async Task Lowering_access_removes_those_users_streams_from_the_room_at_once_and_no_one_else()
    {
        var cast = new AccessCast(Server);
        var room = Ids.Unique("room");
        var chat = new ChatService.ChatServiceClient(Server.NativeChannel());
        await chat.CreateRoomAsync(new CreateRoomRequest { RoomId = room }, cast.Headers(cast.Owner));
        await using var stranger = ChatStream.Open(Server.NativeChannel(), cast.Token(cast.Stranger));
        await using var writer = ChatStream.Open(Server.NativeChannel(), cast.Token(cast.Writer));
        await using var admin = ChatStream.Open(Server.NativeChannel(), cast.Token(cast.Admin));
        await using var owner = ChatStream.Open(Server.NativeChannel(), cast.Token(cast.Owner));
        var (session, sessionId) = await SessionStream.OpenAsync(Server.NativeChannel(), cast.Token(cast.Stranger));
        await using var _ = session;
        var other = Ids.Unique("other-room");
        foreach (var stream in new[] { stranger, writer, admin, owner })
        {
            await stream.JoinAsync(room);
        }
        await stranger.JoinAsync(other);
        await chat.JoinRoomInSessionAsync(new JoinRoomInSessionRequest { SessionId = sessionId, Join = new JoinRoom { RoomId = room } }, cast.Headers(cast.Stranger));

        var policy = (await Access.GetAccessAsync(new GetAccessRequest { Topic = new TopicRef { Kind = TopicKind.ChatRoom, Id = room } }, cast.Headers(cast.Owner))).Policy;
        policy.Visibility = Visibility.Private;
        policy.Members.Add(new AccessGrant { UserId = cast.Writer, Role = AccessRole.Writer });
        await Access.UpdateAccessAsync(new UpdateAccessRequest { Topic = new TopicRef { Kind = TopicKind.ChatRoom, Id = room }, Policy = policy }, cast.Headers(cast.Owner));
        var removed = await stranger.FrameAsync(f => f.Left?.RoomId == room, "the stranger removed from the room");
        var removedFromSession = await Eventually.ValueAsync(() => session.Frames.FirstOrDefault(f => f.Chat?.Left?.RoomId == room)?.Chat.Left, "the stranger's session removed from the room");
        await owner.SendAsync(room, "members only", "after");
        await owner.AckAsync("after");
        await writer.MessagesAsync(room, 1);
        await admin.MessagesAsync(room, 1);
        await stranger.SendAsync(other, "still here", "other");
        await stranger.AckAsync("other");
        await stranger.SendAsync(room, "let me back", "denied");
        var denied = await stranger.ErrorAsync(e => e.ClientMessageId == "denied", "the stranger's send refused");

        Assert.Equal((int)StatusCode.PermissionDenied, removed.Left.Reason.Code);
        Assert.Equal((int)StatusCode.PermissionDenied, removedFromSession.Reason.Code);
        Assert.Empty(stranger.Messages(room));
        Assert.DoesNotContain(session.Frames, f => f.Chat?.Message?.RoomId == room);
        Assert.DoesNotContain(writer.Frames, f => f.Left is not null);
        Assert.DoesNotContain(admin.Frames, f => f.Left is not null);
        Assert.Equal((int)StatusCode.FailedPrecondition, denied.Error.Code);
    }

    [Fact]
    public async Task A_lowered_editor_is_closed_out_of_the_document_and_a_removed_player_leaves_the_game()
    {
        var cast = new AccessCast(Server);
        var doc = Ids.Unique("doc");
        var game = Ids.Unique("game");
        await new CollaborationService.CollaborationServiceClient(Server.NativeChannel()).CreateDocumentAsync(
            new CreateDocumentRequest { DocumentId = doc, Access = cast.PrivatePolicy() }, cast.Headers(cast.Owner));
        await new GameService.GameServiceClient(Server.NativeChannel()).CreateGameAsync(
            new CreateGameRequest { GameId = game, MaxSpectators = 4, Access = cast.PrivatePolicy() }, cast.Headers(cast.Owner));
        await using var editor = DocumentStream.Open(Server.NativeChannel(), cast.Token(cast.Writer));
        await using var player = GameStream.Open(Server.NativeChannel(), cast.Token(cast.Writer));
        await using var watcher = GameStream.Open(Server.NativeChannel(), cast.Token(cast.Reader));
        await editor.OpenDocumentAsync(doc);
        await player.JoinedAsync(game, GameRole.Player);
        await watcher.JoinedAsync(game, GameRole.Spectator);

        await LowerWriterAsync(cast, new TopicRef { Kind = TopicKind.Document, Id = doc });
        await LowerWriterAsync(cast, new TopicRef { Kind = TopicKind.Game, Id = game });
        var closed = await editor.FrameAsync(f => f.Closed?.DocumentId == doc, "the editor closed out");
        var left = await player.FrameAsync(f => f.Left?.GameId == game, "the player removed");
        var reopened = await editor.OpenDocumentAsync(doc);
        var edit = await editor.ReplaceAsync(doc, reopened.Position.Offset, 0, 0, "x");
        var refused = await editor.ErrorAsync(e => e.ClientEditId == edit, "the viewer's edit refused");
        var playerLeft = await watcher.FrameAsync(f => f.PlayerLeft?.PlayerId == cast.Writer, "the removed player gone from the game");

        Assert.Equal((int)StatusCode.PermissionDenied, closed.Closed.Reason.Code);
        Assert.Equal((int)StatusCode.PermissionDenied, left.Left.Reason.Code);
        Assert.Equal(AccessRole.Reader, reopened.AccessRole);
        Assert.Equal((int)StatusCode.PermissionDenied, refused.Error.Code);
        Assert.Equal(PlayerLeftReason.Left, playerLeft.PlayerLeft.Reason);
        Assert.DoesNotContain(watcher.Frames, f => f.Left is not null);
    }

    /// <summary>Makes the cast's writer a reader of the topic.</summary>
    private async Task LowerWriterAsync(AccessCast cast, TopicRef topic)
    {
        var policy = (await Access.GetAccessAsync(new GetAccessRequest { Topic = topic }, cast.Headers(cast.Owner))).Policy;
        policy.Members.Single(m => m.UserId == cast.Writer).Role = AccessRole.Reader;
        await Access.UpdateAccessAsync(new UpdateAccessRequest { Topic = topic, Policy = policy }, cast.Headers(cast.Owner));
    }

    private static string[] Fields(RpcException exception) =>
        [.. exception.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field)];
}
