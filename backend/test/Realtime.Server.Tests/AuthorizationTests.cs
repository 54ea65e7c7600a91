using Google.Protobuf;
using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Collab.V1;
using Realtime.Protos.Common.V1;
using Realtime.Protos.Game.V1;
using Realtime.Testing;
using static Realtime.Server.Tests.AccessCast;

namespace Realtime.Server.Tests;

/// <summary>
/// Every RPC that names a room, document or game, called on a private one by a stranger, a READER, a
/// WRITER, the owner and an admin: each gets exactly what its role allows, and PermissionDenied beyond it.
/// </summary>
[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class AuthorizationTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Private_room_queries_answer_members_and_admins_and_deny_strangers()
    {
        var cast = new AccessCast(Server);
        var chat = new ChatService.ChatServiceClient(Server.NativeChannel());
        var room = Ids.Unique("private-room");
        var created = await chat.CreateRoomAsync(new CreateRoomRequest { RoomId = room, Access = cast.PrivatePolicy() }, cast.Headers(cast.Owner));

        Task GetRoom(string user) => chat.GetRoomAsync(new GetRoomRequest { RoomId = room }, cast.Headers(user)).ResponseAsync;
        Task ListMessages(string user) => chat.ListMessagesAsync(new ListMessagesRequest { RoomId = room }, cast.Headers(user)).ResponseAsync;

        Assert.Equal((Visibility.Private, AccessRole.Owner), (created.Room.Visibility, created.Room.CallerRole));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => GetRoom(cast.Stranger)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => ListMessages(cast.Stranger)));
        foreach (var user in new[] { cast.Reader, cast.Writer, cast.Owner, cast.Admin })
        {
            Assert.Equal(StatusCode.OK, await StatusOf(() => GetRoom(user)));
            Assert.Equal(StatusCode.OK, await StatusOf(() => ListMessages(user)));
        }
        var asReader = await chat.GetRoomAsync(new GetRoomRequest { RoomId = room }, cast.Headers(cast.Reader));
        var asAdmin = await chat.GetRoomAsync(new GetRoomRequest { RoomId = room }, cast.Headers(cast.Admin));
        Assert.Equal(AccessRole.Reader, asReader.Room.CallerRole);
        Assert.Equal(AccessRole.Owner, asAdmin.Room.CallerRole);
        Assert.DoesNotContain(room, await ListedAsync(async token =>
        {
            var page = await chat.ListRoomsAsync(new ListRoomsRequest { PageSize = 100, PageToken = token }, cast.Headers(cast.Stranger));
            return (page.Rooms.Select(r => r.RoomId), page.NextPageToken);
        }));
        Assert.Contains(room, await ListedAsync(async token =>
        {
            var page = await chat.ListRoomsAsync(new ListRoomsRequest { PageSize = 100, PageToken = token }, cast.Headers(cast.Reader));
            return (page.Rooms.Select(r => r.RoomId), page.NextPageToken);
        }));
    }

    [Fact]
    public async Task Private_room_streams_let_readers_read_writers_post_and_nobody_else_in()
    {
        var cast = new AccessCast(Server);
        var room = Ids.Unique("private-room");
        await new ChatService.ChatServiceClient(Server.NativeChannel()).CreateRoomAsync(
            new CreateRoomRequest { RoomId = room, Access = cast.PrivatePolicy() }, cast.Headers(cast.Owner));
        await using var stranger = ChatStream.Open(Server.NativeChannel(), cast.Token(cast.Stranger));
        await using var reader = ChatStream.Open(Server.NativeChannel(), cast.Token(cast.Reader));
        await using var writer = ChatStream.Open(Server.NativeChannel(), cast.Token(cast.Writer));
        await using var admin = ChatStream.Open(Server.NativeChannel(), cast.Token(cast.Admin));

        await stranger.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room } });
        var strangerRefused = await stranger.ErrorAsync(e => e.Command == CommandKind.Join, "the stranger's join refused");
        var readerJoined = await reader.JoinAsync(room);
        await reader.SendAsync(room, "may I?", "reader-send");
        var readerSendRefused = await reader.ErrorAsync(e => e.ClientMessageId == "reader-send", "the reader's send refused");
        await reader.WriteAsync(new ChatClientFrame { Typing = new SetTyping { RoomId = room, Typing = true } });
        var readerTypingRefused = await reader.ErrorAsync(e => e.Command == CommandKind.Typing, "the reader's typing refused");
        var writerJoined = await writer.JoinAsync(room);
        await writer.SendAsync(room, "from a writer", "writer-send");
        await writer.AckAsync("writer-send");
        var adminJoined = await admin.JoinAsync(room);
        await admin.SendAsync(room, "from an admin", "admin-send");
        await admin.AckAsync("admin-send");

        Assert.Equal((int)StatusCode.PermissionDenied, strangerRefused.Error.Code);
        Assert.Equal((int)StatusCode.PermissionDenied, readerSendRefused.Error.Code);
        Assert.Equal((int)StatusCode.PermissionDenied, readerTypingRefused.Error.Code);
        Assert.Equal([AccessRole.Reader, AccessRole.Writer, AccessRole.Owner], new[] { readerJoined.AccessRole, writerJoined.AccessRole, adminJoined.AccessRole });
        Assert.Equal(["from a writer", "from an admin"], (await reader.MessagesAsync(room, 2)).Select(m => m.Content));
        Assert.False(stranger.Ended);
        Assert.Empty(stranger.Messages(room));
    }

    [Fact]
    public async Task Private_room_session_commands_and_files_follow_the_same_roles()
    {
        var cast = new AccessCast(Server);
        var room = Ids.Unique("private-room");
        var chat = new ChatService.ChatServiceClient(Server.NativeChannel());
        await chat.CreateRoomAsync(new CreateRoomRequest { RoomId = room, Access = cast.PrivatePolicy() }, cast.Headers(cast.Owner));
        var (strangerSession, strangerId) = await SessionStream.OpenAsync(Server.NativeChannel(), cast.Token(cast.Stranger));
        var (readerSession, readerId) = await SessionStream.OpenAsync(Server.NativeChannel(), cast.Token(cast.Reader));
        await using var _ = strangerSession;
        await using var __ = readerSession;

        var strangerJoin = await StatusOf(() => chat.JoinRoomInSessionAsync(
            new JoinRoomInSessionRequest { SessionId = strangerId, Join = new JoinRoom { RoomId = room } }, cast.Headers(cast.Stranger)).ResponseAsync);
        await chat.JoinRoomInSessionAsync(new JoinRoomInSessionRequest { SessionId = readerId, Join = new JoinRoom { RoomId = room } }, cast.Headers(cast.Reader));
        var readerSend = await StatusOf(() => chat.SendMessageInSessionAsync(new SendMessageInSessionRequest
        {
            SessionId = readerId,
            Send = new SendMessage { RoomId = room, ClientMessageId = "s1", Content = "hi" },
        }, cast.Headers(cast.Reader)).ResponseAsync);
        var readerTyping = await StatusOf(() => chat.SetTypingInSessionAsync(new SetTypingInSessionRequest
        {
            SessionId = readerId,
            Typing = new SetTyping { RoomId = room, Typing = true },
        }, cast.Headers(cast.Reader)).ResponseAsync);

        var files = new AttachmentService.AttachmentServiceClient(Server.NativeChannel());
        var content = "a private file"u8.ToArray();
        async Task<Attachment> UploadAsync(string user)
        {
            using var call = files.UploadAttachment(cast.Headers(user));
            await call.RequestStream.WriteAsync(new UploadChunk
            {
                Start = new UploadStart { RoomId = room, UploadId = Ids.Unique("up"), FileName = "notes.txt", ContentType = "text/plain", TotalSize = content.Length },
            });
            await call.RequestStream.WriteAsync(new UploadChunk { Data = new UploadData { Offset = 0, Data = ByteString.CopyFrom(content) } });
            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }
        async Task<byte[]> DownloadAsync(string user)
        {
            using var call = files.DownloadAttachment(new DownloadRequest { AttachmentId = (await UploadedAsync()).AttachmentId }, cast.Headers(user));
            var bytes = new List<byte>();
            await foreach (var chunk in call.ResponseStream.ReadAllAsync())
            {
                bytes.AddRange(chunk.Data);
            }
            return [.. bytes];
        }
        Attachment? uploaded = null;
        async Task<Attachment> UploadedAsync() => uploaded ??= await UploadAsync(cast.Writer);

        Assert.Equal(StatusCode.PermissionDenied, strangerJoin);
        Assert.Equal(StatusCode.PermissionDenied, readerSend);
        Assert.Equal(StatusCode.PermissionDenied, readerTyping);
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => UploadAsync(cast.Stranger)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => UploadAsync(cast.Reader)));
        Assert.Equal(content, await DownloadAsync(cast.Reader));
        Assert.Equal(content, await DownloadAsync(cast.Admin));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => DownloadAsync(cast.Stranger)));
    }

    [Fact]
    public async Task Private_documents_let_readers_view_and_point_writers_edit_and_nobody_else_in()
    {
        var cast = new AccessCast(Server);
        var collab = new CollaborationService.CollaborationServiceClient(Server.NativeChannel());
        var doc = Ids.Unique("private-doc");
        await collab.CreateDocumentAsync(new CreateDocumentRequest { DocumentId = doc, InitialContent = "secret", Access = cast.PrivatePolicy() }, cast.Headers(cast.Owner));

        Task Get(string user) => collab.GetDocumentAsync(new GetDocumentRequest { DocumentId = doc }, cast.Headers(user)).ResponseAsync;
        Task History(string user) => collab.GetDocumentHistoryAsync(new GetDocumentHistoryRequest { DocumentId = doc }, cast.Headers(user)).ResponseAsync;
        foreach (var user in new[] { cast.Reader, cast.Writer, cast.Owner, cast.Admin })
        {
            Assert.Equal(StatusCode.OK, await StatusOf(() => Get(user)));
            Assert.Equal(StatusCode.OK, await StatusOf(() => History(user)));
        }
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => Get(cast.Stranger)));
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => History(cast.Stranger)));
        Assert.DoesNotContain(doc, await ListedAsync(async token =>
        {
            var page = await collab.ListDocumentsAsync(new ListDocumentsRequest { PageSize = 100, PageToken = token }, cast.Headers(cast.Stranger));
            return (page.Documents.Select(d => d.DocumentId), page.NextPageToken);
        }));

        await using var stranger = DocumentStream.Open(Server.NativeChannel(), cast.Token(cast.Stranger));
        await using var reader = DocumentStream.Open(Server.NativeChannel(), cast.Token(cast.Reader));
        await using var writer = DocumentStream.Open(Server.NativeChannel(), cast.Token(cast.Writer));
        await stranger.WriteAsync(new CollabClientFrame { Open = new OpenDocument { DocumentId = doc } });
        var strangerRefused = await stranger.ErrorAsync(e => e.DocumentId == doc, "the stranger's open refused");
        var writerOpened = await writer.OpenDocumentAsync(doc);
        var readerOpened = await reader.OpenDocumentAsync(doc);
        var readerEdit = await reader.ReplaceAsync(doc, 0, 0, 0, "!");
        var readerEditRefused = await reader.ErrorAsync(e => e.ClientEditId == readerEdit, "the reader's edit refused");
        await reader.WriteAsync(new CollabClientFrame { Cursor = new UpdateCursor { DocumentId = doc, Revision = 0, Anchor = 1, Head = 1 } });
        var readerCursorSeen = await writer.FrameAsync(f => f.Cursor?.UserId == cast.Reader, "the reader's cursor");
        await writer.AckAsync(await writer.ReplaceAsync(doc, 0, 6, 6, "!"));

        var (session, sessionId) = await SessionStream.OpenAsync(Server.NativeChannel(), cast.Token(cast.Reader));
        await using var _ = session;
        await collab.OpenDocumentInSessionAsync(new OpenDocumentInSessionRequest { SessionId = sessionId, Open = new OpenDocument { DocumentId = doc } }, cast.Headers(cast.Reader));
        var sessionEdit = await StatusOf(() => collab.SubmitEditInSessionAsync(new SubmitEditInSessionRequest
        {
            SessionId = sessionId,
            Edit = new SubmitEdit { DocumentId = doc, ClientEditId = "e1", BaseRevision = 1, Insert = new InsertText { Position = 0, Text = "x" } },
        }, cast.Headers(cast.Reader)).ResponseAsync);
        var sessionCursor = await StatusOf(() => collab.UpdateCursorInSessionAsync(new UpdateCursorInSessionRequest
        {
            SessionId = sessionId,
            Cursor = new UpdateCursor { DocumentId = doc, Revision = 1, Anchor = 0, Head = 2 },
        }, cast.Headers(cast.Reader)).ResponseAsync);
        var (strangerSession, strangerSessionId) = await SessionStream.OpenAsync(Server.NativeChannel(), cast.Token(cast.Stranger));
        await using var __ = strangerSession;
        var sessionOpen = await StatusOf(() => collab.OpenDocumentInSessionAsync(
            new OpenDocumentInSessionRequest { SessionId = strangerSessionId, Open = new OpenDocument { DocumentId = doc } }, cast.Headers(cast.Stranger)).ResponseAsync);

        Assert.Equal((int)StatusCode.PermissionDenied, strangerRefused.Error.Code);
        Assert.Equal((int)StatusCode.PermissionDenied, readerEditRefused.Error.Code);
        Assert.Equal((AccessRole.Reader, AccessRole.Writer), (readerOpened.AccessRole, writerOpened.AccessRole));
        Assert.Equal(cast.Reader, readerCursorSeen.Cursor.UserId);
        Assert.Equal(StatusCode.PermissionDenied, sessionEdit);
        Assert.Equal(StatusCode.OK, sessionCursor);
        Assert.Equal(StatusCode.PermissionDenied, sessionOpen);
        Assert.Equal("secret!", (await collab.GetDocumentAsync(new GetDocumentRequest { DocumentId = doc }, cast.Headers(cast.Reader))).Snapshot.Content);
    }

    [Fact]
    public async Task Private_games_let_readers_spectate_writers_play_and_nobody_else_in()
    {
        var cast = new AccessCast(Server);
        var games = new GameService.GameServiceClient(Server.NativeChannel());
        var game = Ids.Unique("private-game");
        await games.CreateGameAsync(new CreateGameRequest { GameId = game, MaxSpectators = 4, Access = cast.PrivatePolicy() }, cast.Headers(cast.Owner));

        Task Get(string user) => games.GetGameAsync(new GetGameRequest { GameId = game }, cast.Headers(user)).ResponseAsync;
        Assert.Equal(StatusCode.PermissionDenied, await StatusOf(() => Get(cast.Stranger)));
        Assert.Equal(StatusCode.OK, await StatusOf(() => Get(cast.Reader)));
        Assert.Equal(StatusCode.OK, await StatusOf(() => Get(cast.Admin)));
        Assert.DoesNotContain(game, await ListedAsync(async token =>
        {
            var page = await games.ListGamesAsync(new ListGamesRequest { PageSize = 100, PageToken = token }, cast.Headers(cast.Stranger));
            return (page.Games.Select(g => g.GameId), page.NextPageToken);
        }));

        await using var stranger = GameStream.Open(Server.NativeChannel(), cast.Token(cast.Stranger));
        await using var reader = GameStream.Open(Server.NativeChannel(), cast.Token(cast.Reader));
        await using var writer = GameStream.Open(Server.NativeChannel(), cast.Token(cast.Writer));
        await stranger.JoinAsync(game, GameRole.Spectator);
        var strangerRefused = await stranger.ErrorAsync(e => e.GameId == game, "the stranger's watch refused");
        await reader.JoinAsync(game, GameRole.Player);
        var readerPlayRefused = await reader.ErrorAsync(e => e.GameId == game, "the reader's play refused");
        var spectating = await reader.JoinedAsync(game, GameRole.Spectator);
        var playing = await writer.JoinedAsync(game, GameRole.Player);
        await writer.InputAsync(game, 1, 1, 0);
        await reader.StatesAsync(game, states => states.Any(s => s.LastInputSequences.GetValueOrDefault(cast.Writer) == 1), "the writer's input applied");

        var (session, sessionId) = await SessionStream.OpenAsync(Server.NativeChannel(), cast.Token(cast.Stranger));
        await using var _ = session;
        var sessionJoin = await StatusOf(() => games.JoinGameInSessionAsync(
            new JoinGameInSessionRequest { SessionId = sessionId, Join = new JoinGame { GameId = game, Role = GameRole.Spectator } }, cast.Headers(cast.Stranger)).ResponseAsync);
        var (readerSession, readerSessionId) = await SessionStream.OpenAsync(Server.NativeChannel(), cast.Token(cast.Reader));
        await using var __ = readerSession;
        await games.JoinGameInSessionAsync(
            new JoinGameInSessionRequest { SessionId = readerSessionId, Join = new JoinGame { GameId = game, Role = GameRole.Spectator } }, cast.Headers(cast.Reader));
        var spectatorInput = await StatusOf(() => games.SendInputInSessionAsync(new SendInputInSessionRequest
        {
            SessionId = readerSessionId,
            Input = new SendInput { GameId = game, Sequence = 1, Arena = new ArenaInput { MoveX = 1 } },
        }, cast.Headers(cast.Reader)).ResponseAsync);

        Assert.Equal((int)StatusCode.PermissionDenied, strangerRefused.Error.Code);
        Assert.Equal((int)StatusCode.PermissionDenied, readerPlayRefused.Error.Code);
        Assert.Equal((GameRole.Spectator, GameRole.Player), (spectating.Role, playing.Role));
        Assert.Equal(StatusCode.PermissionDenied, sessionJoin);
        Assert.Equal(StatusCode.PermissionDenied, spectatorInput);
    }

    /// <summary>Every id a paginated list returns, page by page.</summary>
    private static async Task<List<string>> ListedAsync(Func<string, Task<(IEnumerable<string> Ids, string Next)>> page)
    {
        var ids = new List<string>();
        var token = "";
        do
        {
            var (pageIds, next) = await page(token);
            ids.AddRange(pageIds);
            token = next;
        }
        while (token.Length > 0);
        return ids;
    }
}
