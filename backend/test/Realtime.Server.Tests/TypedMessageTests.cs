using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class TypedMessageTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private static ChatClientFrame Typed(string room, string id, string kind, params (string Key, string Value)[] metadata)
    {
        var send = new SendMessage { RoomId = room, ClientMessageId = id, Content = $"{kind} happened", Kind = kind };
        foreach (var (key, value) in metadata)
        {
            send.Metadata[key] = value;
        }
        return new ChatClientFrame { Send = send };
    }

    [Fact]
    public async Task A_typed_message_keeps_its_kind_and_metadata_live_on_resume_and_in_history()
    {
        var room = Ids.Unique("room");
        var user = Ids.Unique("bot");
        await using var bot = ChatStream.Open(Server.NativeChannel(), Server.Token(user));
        await using var reader = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("reader")));
        var joined = await reader.JoinAsync(room);
        await bot.JoinAsync(room);

        await bot.WriteAsync(Typed(room, "build-1", "ci.build", ("status", "failed"), ("url", "http://ci/1")));
        await bot.SendAsync(room, "plain words", "plain");
        var live = await reader.MessagesAsync(room, 2);
        await using var resumed = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("late")));
        await resumed.JoinAsync(room, new Protos.Common.V1.StreamPosition { Epoch = joined.Position.Epoch, Offset = joined.Position.Offset });
        var replayed = await resumed.MessagesAsync(room, 2);
        var history = await new ChatService.ChatServiceClient(Server.NativeChannel())
            .ListMessagesAsync(new ListMessagesRequest { RoomId = room, PageSize = 10 }, Auth.Headers(Server.Token(user)));

        foreach (var messages in new[] { live, replayed, [.. history.Messages.Reverse()] })
        {
            Assert.Equal(("ci.build", "ci.build happened", user), (messages[0].Kind, messages[0].Content, messages[0].SenderId));
            Assert.Equal(new Dictionary<string, string> { ["status"] = "failed", ["url"] = "http://ci/1" }, messages[0].Metadata);
            Assert.Equal(("", 0), (messages[1].Kind, messages[1].Metadata.Count));
        }
    }

    [Fact]
    public async Task Bad_kinds_and_metadata_are_refused_with_the_field_named()
    {
        var room = Ids.Unique("room");
        await using var bot = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("bot")));
        await bot.JoinAsync(room);
        var plainWithMetadata = new ChatClientFrame { Send = new SendMessage { RoomId = room, ClientMessageId = "orphan", Content = "x" } };
        plainWithMetadata.Send.Metadata["k"] = "v";

        await bot.WriteAsync(Typed(room, "upper", "CI.Build"));
        await bot.WriteAsync(Typed(room, "long", new string('k', 65)));
        await bot.WriteAsync(plainWithMetadata);
        await bot.WriteAsync(Typed(room, "many", "poll", [.. Enumerable.Range(0, 33).Select(i => ($"k{i}", "v"))]));
        await bot.WriteAsync(Typed(room, "key", "poll", ("bad key", "v")));
        await bot.WriteAsync(Typed(room, "big", "poll", ("k", new string('v', 5000))));
        await bot.WriteAsync(Typed(room, "fine", "poll", ("question", "lunch?")));

        foreach (var (id, field) in new[] { ("upper", "send.kind"), ("long", "send.kind"), ("orphan", "send.metadata"), ("many", "send.metadata"), ("key", "send.metadata"), ("big", "send.metadata") })
        {
            var error = await bot.ErrorAsync(e => e.ClientMessageId == id, $"the refusal of '{id}'");
            Assert.Equal((int)StatusCode.InvalidArgument, error.Error.Code);
            Assert.Contains(error.Error.FieldViolations, v => v.Field == field);
        }
        Assert.Equal("poll", Assert.Single(await bot.MessagesAsync(room, 1)).Kind);
        Assert.Null(bot.Failure);
    }
}
