using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class ChatStreamTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task ThreeStreams_SameRoom_ReceiveIdenticalEventsInOffsetOrder_AndSenderGetsAcks()
    {
        var room = Ids.Unique("room");
        var channel = Server.NativeChannel();
        await using var a = ChatStream.Open(channel, Server.Token(Ids.Unique("a")));
        await using var b = ChatStream.Open(channel, Server.Token(Ids.Unique("b")));
        await using var c = ChatStream.Open(channel, Server.Token(Ids.Unique("c")));
        foreach (var stream in new[] { a, b, c })
        {
            await stream.JoinAsync(room);
        }

        var ids = Enumerable.Range(0, 30).Select(i => $"m{i}").ToList();
        var sends = ids.Select((id, i) => (i % 3 == 0 ? a : i % 3 == 1 ? b : c).SendAsync(room, $"message {i}", id));
        await Task.WhenAll(sends);

        var received = await Task.WhenAll(a.MessagesAsync(room, 30), b.MessagesAsync(room, 30), c.MessagesAsync(room, 30));
        var offsets = received[0].Select(m => m.Offset).ToList();
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), offsets);
        Assert.Equal(received[0], received[1]);
        Assert.Equal(received[0], received[2]);

        var ack = await a.AckAsync("m0");
        var stored = received[0].Single(m => m.ClientMessageId == "m0");
        Assert.Equal(stored.Offset, ack.Offset);
        Assert.Equal(stored.Epoch, ack.Epoch);
        Assert.False(ack.Duplicate);
    }

    [Fact]
    public async Task Sends_written_without_waiting_are_answered_in_command_order_each_once_with_refusals_in_place()
    {
        var (room, elsewhere) = (Ids.Unique("room"), Ids.Unique("room"));
        await using var sender = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("s")));
        await sender.JoinAsync(room);

        // Written back to back, so the server finds many already read when it dispatches the first: they
        // travel as runs, broken by a refused send, a send to a room not joined and a typing command.
        var commands = new List<ChatClientFrame>();
        for (var i = 0; i < 60; i++)
        {
            var send = new SendMessage { RoomId = room, ClientMessageId = $"m{i}", Content = $"message {i}" };
            if (i == 10)
            {
                send.Content = " ";
            }
            if (i == 20)
            {
                send.RoomId = elsewhere;
            }
            commands.Add(i == 30 ? new ChatClientFrame { Typing = new SetTyping { RoomId = room, Typing = true } } : new ChatClientFrame { Send = send });
        }
        commands.Add(new ChatClientFrame { Send = new SendMessage { RoomId = room, ClientMessageId = "m5", Content = "again" } });
        foreach (var command in commands)
        {
            await sender.WriteAsync(command);
        }
        await sender.AckAsync("m5", occurrence: 2);

        var answers = sender.Frames.Where(f => f.Ack is not null || f.Error is not null)
            .Select(f => f.Ack is { } ack ? $"ack {ack.ClientMessageId} {ack.Offset} {ack.Duplicate}" : $"error {f.Error.ClientMessageId} {f.Error.Error.Code}")
            .ToList();
        var expected = new List<string>();
        var offset = 0;
        for (var i = 0; i < 60; i++)
        {
            expected.Add(i switch
            {
                10 => $"error m10 {(int)Grpc.Core.StatusCode.InvalidArgument}",
                20 => $"error m20 {(int)Grpc.Core.StatusCode.FailedPrecondition}",
                30 => "",
                _ => $"ack m{i} {++offset} False",
            });
        }
        expected.Add("ack m5 6 True");
        Assert.Equal(expected.Where(answer => answer.Length > 0), answers);
        var stored = await sender.MessagesAsync(room, offset);
        Assert.Equal(Enumerable.Range(0, 60).Where(i => i is not (10 or 20 or 30)).Select(i => $"message {i}"), stored.Select(m => m.Content));
    }

    [Fact]
    public async Task SameClientMessageId_SentTwice_IsStoredOnce_AndAckedTwiceWithSameOffset()
    {
        var room = Ids.Unique("room");
        var channel = Server.NativeChannel();
        await using var sender = ChatStream.Open(channel, Server.Token(Ids.Unique("s")));
        await using var watcher = ChatStream.Open(channel, Server.Token(Ids.Unique("w")));
        await sender.JoinAsync(room);
        await watcher.JoinAsync(room);

        await sender.SendAsync(room, "once", "same-id");
        await sender.SendAsync(room, "once", "same-id");
        await sender.SendAsync(room, "after", "next-id");

        var first = await sender.AckAsync("same-id", 1);
        var second = await sender.AckAsync("same-id", 2);
        Assert.Equal(first.Offset, second.Offset);
        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate);
        var messages = await watcher.MessagesAsync(room, 2);
        Assert.Equal(["once", "after"], messages.Select(m => m.Content));
        var history = await new ChatService.ChatServiceClient(channel).ListMessagesAsync(
            new ListMessagesRequest { RoomId = room }, Auth.Headers(Server.Token("reader")));
        Assert.Equal(["after", "once"], history.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task Presence_UserWithTwoStreams_IsOneMember_AndLeavesWhenBothLeave()
    {
        var room = Ids.Unique("room");
        var channel = Server.NativeChannel();
        var twoStreamsUser = Ids.Unique("dual");
        await using var observer = ChatStream.Open(channel, Server.Token(Ids.Unique("obs")));
        await observer.JoinAsync(room);
        await using var first = ChatStream.Open(channel, Server.Token(twoStreamsUser));
        await using var second = ChatStream.Open(channel, Server.Token(twoStreamsUser));
        await first.JoinAsync(room);
        var joined = await second.JoinAsync(room);

        Assert.Single(joined.Members, m => m.UserId == twoStreamsUser);
        await observer.FrameAsync(f => f.Presence?.Joined.Any(m => m.UserId == twoStreamsUser) == true, "presence join of the dual user");

        await first.WriteAsync(new ChatClientFrame { Leave = new LeaveRoom { RoomId = room } });
        await first.FrameAsync(f => f.Left?.RoomId == room, "left frame");
        await second.WriteAsync(new ChatClientFrame { Leave = new LeaveRoom { RoomId = room } });
        await observer.FrameAsync(f => f.Presence?.LeftUserIds.Contains(twoStreamsUser) == true, "presence leave of the dual user");
        Assert.Single(observer.Frames, f => f.Presence?.Joined.Any(m => m.UserId == twoStreamsUser) == true);
    }

    [Fact]
    public async Task Typing_IsRelayedToOthers_AndNeverStored()
    {
        var room = Ids.Unique("room");
        var channel = Server.NativeChannel();
        var typist = Ids.Unique("typist");
        await using var a = ChatStream.Open(channel, Server.Token(typist));
        await using var b = ChatStream.Open(channel, Server.Token(Ids.Unique("b")));
        await a.JoinAsync(room);
        await b.JoinAsync(room);

        await a.WriteAsync(new ChatClientFrame { Typing = new SetTyping { RoomId = room, Typing = true } });

        var typing = await b.FrameAsync(f => f.Typing is not null, "typing frame");
        Assert.Equal(typist, typing.Typing.UserId);
        var room2 = await new ChatService.ChatServiceClient(channel).GetRoomAsync(new GetRoomRequest { RoomId = room }, Auth.Headers(Server.Token("x")));
        Assert.Equal(0, room2.Room.Position.Offset);
    }
}
