using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Server.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>A deployment's own rule inside the room's grain: it rewrites what it allows and refuses the rest, on every path into a room.</summary>
[Trait("Tier", "integration")]
public sealed class ChatCommandFilterTests
{
    /// <summary>The sample: masks one word, and refuses shouting about sales, with the field named.</summary>
    private sealed class PoliteRoomFilter : IChatCommandFilter
    {
        public ChatDraft OnSend(ChatCommandContext context, ChatDraft draft) => draft with { Content = Checked(draft.Content) };

        public string OnEdit(ChatCommandContext context, long messageOffset, string content) => Checked(content);

        private static string Checked(string content) =>
            content.Contains("BUY NOW", StringComparison.Ordinal)
                ? throw new TopicException(TopicErrorKind.Invalid, "No advertising in this room.", "content")
                : content.Replace("darn", "d**n", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sends_edits_and_published_messages_are_rewritten_or_refused_with_the_field_before_they_are_stored()
    {
        await using var server = await TestServer.StartAsync(services: services => services.AddChatCommandFilter<PoliteRoomFilter>());
        var room = Ids.Unique("room");
        await using var alice = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("alice")));
        await using var bob = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("bob")));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);

        await alice.SendAsync(room, "well darn it", "s1");
        await alice.SendAsync(room, "BUY NOW, cheap", "s2");
        await alice.SendAsync(room, "fine", "s3");
        await alice.AckAsync("s3");
        await alice.WriteAsync(new ChatClientFrame { Edit = new EditMessage { RoomId = room, MessageOffset = 2, ClientChangeId = "e1", Content = "darn, fine" } });
        await alice.WriteAsync(new ChatClientFrame { Edit = new EditMessage { RoomId = room, MessageOffset = 2, ClientChangeId = "e2", Content = "BUY NOW" } });
        var api = new ServerApiService.ServerApiServiceClient(server.NativeChannel());
        var backend = new Metadata { { "authorization", $"ApiKey {TestServer.ServerApiKey}" } };
        await api.PublishMessageAsync(new PublishMessageRequest { Send = new SendMessage { RoomId = room, ClientMessageId = "p1", Content = "Darn, the shop is closed" } }, backend);
        var refused = await Assert.ThrowsAsync<RpcException>(() => api.PublishMessageAsync(
            new PublishMessageRequest { Send = new SendMessage { RoomId = room, ClientMessageId = "p2", Content = "BUY NOW" } }, backend).ResponseAsync);

        var sendRefusal = await alice.ErrorAsync(e => e.ClientMessageId == "s2", "the advert refused");
        var editRefusal = await alice.ErrorAsync(e => e.ClientChangeId == "e2", "the advert edit refused");
        foreach (var error in new[] { sendRefusal.Error, editRefusal.Error })
        {
            Assert.Equal((int)StatusCode.InvalidArgument, error.Code);
            Assert.Contains(error.FieldViolations, v => v.Field.EndsWith("content", StringComparison.Ordinal));
        }
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var messages = await bob.MessagesAsync(room, 3);
        Assert.Equal(["well d**n it", "fine", "d**n, the shop is closed"], messages.Select(m => m.Content));
        var edited = await bob.FrameAsync(f => f.Changed?.Edited is not null, "the edit");
        Assert.Equal(("d**n, fine", 2L), (edited.Changed.Edited.Content, edited.Changed.MessageOffset));
        Assert.DoesNotContain(bob.Frames, f => f.Changed?.ClientChangeId == "e2");
    }
}
