using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Session.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class SessionTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task BrowserSession_AndBidiStream_InOneRoom_SeeTheSameEventsInTheSameOrder()
    {
        var room = Ids.Unique("room");
        var browserUser = Ids.Unique("browser");
        var web = Server.WebChannel();
        using var session = new SessionService.SessionServiceClient(web).OpenSession(new OpenSessionRequest(), Auth.Headers(Server.Token(browserUser)));
        var frames = new List<SessionFrame>();
        var reading = ReadAllAsync(session, frames);
        var sessionId = (await Eventually.ValueAsync(() => Snapshot(frames).FirstOrDefault(f => f.Opened is not null), "session opened")).Opened.SessionId;
        var chat = new ChatService.ChatServiceClient(web);
        var headers = Auth.Headers(Server.Token(browserUser));

        await using var native = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("native")));
        await native.JoinAsync(room);
        var joined = await chat.JoinRoomInSessionAsync(new JoinRoomInSessionRequest { SessionId = sessionId, Join = new JoinRoom { RoomId = room } }, headers);
        Assert.Equal(room, joined.Joined.RoomId);

        for (var i = 0; i < 10; i++)
        {
            await native.SendAsync(room, $"native {i}");
            var ack = await chat.SendMessageInSessionAsync(new SendMessageInSessionRequest
            {
                SessionId = sessionId,
                Send = new SendMessage { RoomId = room, ClientMessageId = $"web-{i}", Content = $"browser {i}" },
            }, headers);
            Assert.True(ack.Ack.Offset > 0);
        }

        var nativeMessages = await native.MessagesAsync(room, 20);
        var sessionMessages = await Eventually.ValueAsync(
            () => Snapshot(frames).Where(f => f.Chat?.Message is not null).Select(f => f.Chat.Message).ToList() is { Count: >= 20 } m ? m : null,
            "20 messages on the session stream");
        Assert.Equal(nativeMessages, sessionMessages);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), sessionMessages.Select(m => m.Offset));
        Assert.All(sessionMessages.Where(m => m.Content.StartsWith("browser", StringComparison.Ordinal)), m => Assert.Equal(browserUser, m.SenderId));
        Assert.Contains(Snapshot(frames), f => f.Chat?.Ack?.ClientMessageId == "web-0");

        session.Dispose();
        await reading;
    }

    [Fact]
    public async Task SessionCommands_FromAnotherUser_ArePermissionDenied_AndUnknownSessions_NotFound()
    {
        var owner = Ids.Unique("owner");
        var web = Server.WebChannel();
        using var session = new SessionService.SessionServiceClient(web).OpenSession(new OpenSessionRequest(), Auth.Headers(Server.Token(owner)));
        Assert.True(await session.ResponseStream.MoveNext(CancellationToken.None));
        var sessionId = session.ResponseStream.Current.Opened.SessionId;
        var chat = new ChatService.ChatServiceClient(web);
        var join = new JoinRoomInSessionRequest { SessionId = sessionId, Join = new JoinRoom { RoomId = Ids.Unique("room") } };

        var denied = await Assert.ThrowsAsync<RpcException>(() => chat.JoinRoomInSessionAsync(join, Auth.Headers(Server.Token(Ids.Unique("intruder")))).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => chat.JoinRoomInSessionAsync(
            new JoinRoomInSessionRequest { SessionId = "no-such-session", Join = join.Join }, Auth.Headers(Server.Token(owner))).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    private static List<SessionFrame> Snapshot(List<SessionFrame> frames)
    {
        lock (frames)
        {
            return [.. frames];
        }
    }

    private static async Task ReadAllAsync(AsyncServerStreamingCall<SessionFrame> call, List<SessionFrame> frames)
    {
        try
        {
            await foreach (var frame in call.ResponseStream.ReadAllAsync())
            {
                lock (frames)
                {
                    frames.Add(frame);
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
        {
            // The test disposed the call.
        }
    }
}
