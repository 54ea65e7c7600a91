using System.Diagnostics;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Protos.Chat.V1;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
public sealed class LimitsTests
{
    [Fact]
    public async Task Commands_over_their_rate_are_refused_with_when_to_retry_and_the_stream_and_other_kinds_go_on()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Limits:CommandsPerSecond"] = "5" });
        var room = Ids.Unique("room");
        await using var stream = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("u")));
        await stream.JoinAsync(room);

        for (var i = 0; i < 15; i++)
        {
            await stream.WriteAsync(new ChatClientFrame { Typing = new SetTyping { RoomId = room, Typing = i % 2 == 0 } });
        }
        await stream.SendAsync(room, "sends have their own budget");

        var refused = await Eventually.ValueAsync(() => stream.Frames.Where(f => f.Error?.Command == CommandKind.Typing).ToList() is { Count: >= 9 } e ? e : null, "refused typing commands");
        Assert.All(refused, f => Assert.Equal((int)StatusCode.ResourceExhausted, f.Error.Error.Code));
        Assert.All(refused, f => Assert.True(f.Error.Error.RetryAfter.ToTimeSpan() > TimeSpan.Zero));
        Assert.Equal("sends have their own budget", Assert.Single(await stream.MessagesAsync(room, 1)).Content);

        await Task.Delay(refused[0].Error.Error.RetryAfter.ToTimeSpan() + TimeSpan.FromMilliseconds(300));
        var before = stream.Frames.Count(f => f.Error is not null);
        await stream.WriteAsync(new ChatClientFrame { Typing = new SetTyping { RoomId = room, Typing = true } });
        await stream.SendAsync(room, "after the wait");
        await stream.MessagesAsync(room, 2);
        Assert.Equal(before, stream.Frames.Count(f => f.Error is not null));
        Assert.False(stream.Ended);
    }

    [Fact]
    public async Task Sends_behind_a_refused_send_wait_for_its_retry_so_a_burst_is_stored_in_the_order_it_was_sent()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Limits:CommandsPerSecond"] = "5" });
        var room = Ids.Unique("room");
        await using var stream = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("u")));
        await stream.JoinAsync(room);

        for (var i = 0; i < 8; i++)
        {
            await stream.SendAsync(room, $"message {i}", $"m{i}");
        }
        var limited = await stream.ErrorAsync(e => e.ClientMessageId == "m5", "m5 refused");
        var behind = await Task.WhenAll(
            stream.ErrorAsync(e => e.ClientMessageId == "m6", "m6 refused"),
            stream.ErrorAsync(e => e.ClientMessageId == "m7", "m7 refused"));
        await Task.Delay(limited.Error.RetryAfter.ToTimeSpan() + TimeSpan.FromSeconds(1));
        await stream.SendAsync(room, "message 6", "m6");
        var stillBehind = await Eventually.ValueAsync(() => stream.Frames.Where(f => f.Error?.ClientMessageId == "m6").Skip(1).FirstOrDefault()?.Error, "m6 refused again");
        for (var i = 5; i < 8; i++)
        {
            await stream.SendAsync(room, $"message {i}", $"m{i}");
        }

        Assert.Equal((int)StatusCode.ResourceExhausted, limited.Error.Code);
        Assert.All(behind, e => Assert.Equal((int)StatusCode.Unavailable, e.Error.Code));
        Assert.All(behind, e => Assert.Contains("'m5'", e.Error.Message, StringComparison.Ordinal));
        Assert.Equal((int)StatusCode.Unavailable, stillBehind.Error.Code);
        var stored = await stream.MessagesAsync(room, 8);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"message {i}"), stored.Select(m => m.Content));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), stored.Select(m => m.Offset));
    }

    [Fact]
    public async Task Reactions_behind_a_refused_one_wait_for_its_retry_so_a_toggled_reaction_ends_as_last_asked()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Limits:CommandsPerSecond"] = "5" });
        var room = Ids.Unique("room");
        await using var stream = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("u")));
        await stream.JoinAsync(room);
        await stream.SendAsync(room, "vote", "m");
        var message = (await stream.AckAsync("m")).Offset;
        ChatClientFrame Toggle(int i) => new() { React = new ReactToMessage { RoomId = room, MessageOffset = message, ClientChangeId = $"r{i}", Emoji = "👍", Remove = i % 2 == 1 } };

        for (var i = 0; i < 8; i++)
        {
            await stream.WriteAsync(Toggle(i));
        }
        var limited = await stream.ErrorAsync(e => e.ClientChangeId.Length > 0, "a reaction refused");
        var first = int.Parse(limited.ClientChangeId[1..], System.Globalization.CultureInfo.InvariantCulture);
        var behind = await Task.WhenAll(Enumerable.Range(first + 1, 7 - first).Select(i => stream.ErrorAsync(e => e.ClientChangeId == $"r{i}", $"r{i} refused")));
        await Task.Delay(limited.Error.RetryAfter.ToTimeSpan() + TimeSpan.FromSeconds(1));
        for (var i = first; i < 8; i++)
        {
            await stream.WriteAsync(Toggle(i));
        }
        await stream.FrameAsync(f => f.ChangeAck?.ClientChangeId == "r7", "the last toggle acked");

        Assert.Equal((int)StatusCode.ResourceExhausted, limited.Error.Code);
        Assert.All(behind, e => Assert.Equal((int)StatusCode.Unavailable, e.Error.Code));
        var stored = stream.Frames.Where(f => f.Changed is not null).Select(f => f.Changed.ClientChangeId);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"r{i}"), stored);
        var history = await new ChatService.ChatServiceClient(server.NativeChannel()).ListMessagesAsync(
            new ListMessagesRequest { RoomId = room }, Auth.Headers(server.Token(Ids.Unique("reader"))));
        Assert.Empty(Assert.Single(history.Messages).Reactions);
    }

    [Fact]
    public async Task A_stream_that_keeps_flooding_is_ended_with_ResourceExhausted()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Limits:CommandsPerSecond"] = "2",
            ["Limits:FloodRejections"] = "10",
        });
        var room = Ids.Unique("room");
        await using var flooder = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("flooder")));
        await using var bystander = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("bystander")));
        await flooder.JoinAsync(room);
        await bystander.JoinAsync(room);

        try
        {
            for (var i = 0; i < 40 && !flooder.Ended; i++)
            {
                await flooder.WriteAsync(new ChatClientFrame { Typing = new SetTyping { RoomId = room, Typing = true } });
            }
        }
        catch (RpcException)
        {
            // Writing after the server ended the call.
        }

        await Eventually.TrueAsync(() => flooder.Ended, "the flooding stream to end");
        Assert.Equal(StatusCode.ResourceExhausted, flooder.Failure?.StatusCode);
        await bystander.SendAsync(room, "unaffected");
        Assert.Equal("unaffected", Assert.Single(await bystander.MessagesAsync(room, 1)).Content);
    }

    [Fact]
    public async Task A_user_gets_only_so_many_streams_at_once_and_so_many_opens_a_minute()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Limits:MaxStreamsPerUser"] = "2",
            ["Limits:StreamOpensPerUserPerMinute"] = "4",
        });
        var user = Ids.Unique("u");
        await using var first = await OpenAsync(server, user);
        var second = await OpenAsync(server, user);

        var third = ChatStream.Open(server.NativeChannel(), server.Token(user));
        var concurrent = await RefusalAsync(third);
        Assert.Equal(StatusCode.ResourceExhausted, concurrent.StatusCode);
        Assert.NotNull(concurrent.GetRpcStatus()?.GetDetail<RetryInfo>());
        await using var other = await OpenAsync(server, Ids.Unique("other"));

        await second.DisposeAsync();
        var registry = server.Services.GetRequiredService<StreamRegistry>();
        await Eventually.TrueAsync(() => registry.Count == 2, "the server to see the closed stream go");
        await using var again = await OpenAsync(server, user);
        var overRate = await RefusalAsync(ChatStream.Open(server.NativeChannel(), server.Token(user)));
        Assert.Equal(StatusCode.ResourceExhausted, overRate.StatusCode);
        Assert.True(overRate.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan() > TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Unary_calls_over_the_users_rate_are_refused_with_RetryInfo_and_others_are_not()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Limits:UnaryCallsPerSecondPerUser"] = "3" });
        var client = new ChatService.ChatServiceClient(server.NativeChannel());
        var heavy = Auth.Headers(server.Token(Ids.Unique("heavy")));
        var codes = new List<StatusCode>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 10; i++)
        {
            try
            {
                await client.ListRoomsAsync(new ListRoomsRequest(), heavy);
                codes.Add(StatusCode.OK);
            }
            catch (RpcException refused)
            {
                codes.Add(refused.StatusCode);
                Assert.NotNull(refused.GetRpcStatus()?.GetDetail<RetryInfo>());
            }
        }

        // The bucket starts full and is refilled (3 permits) once a second, on a timer that runs from the
        // user's first call: a slow machine may see one refill or more during the ten calls.
        var refills = (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
        Assert.Equal([StatusCode.OK, StatusCode.OK, StatusCode.OK], codes.Take(3));
        Assert.InRange(codes.Count(c => c == StatusCode.OK), 3, 3 * (1 + refills));
        Assert.All(codes, c => Assert.Contains(c, new[] { StatusCode.OK, StatusCode.ResourceExhausted }));
        Assert.True(3 * (1 + refills) >= 10 || codes.Contains(StatusCode.ResourceExhausted), "no call was refused");
        await client.ListRoomsAsync(new ListRoomsRequest(), Auth.Headers(server.Token(Ids.Unique("light"))));
    }

    [Fact]
    public async Task With_an_address_limit_one_address_opens_only_so_many_streams_a_minute()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Limits:StreamOpensPerAddressPerMinute"] = "2" });
        await using var first = await OpenAsync(server, Ids.Unique("a"));
        await using var second = await OpenAsync(server, Ids.Unique("b"));

        var refused = await RefusalAsync(ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("c"))));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
    }

    private static async Task<ChatStream> OpenAsync(TestServer server, string user)
    {
        var stream = ChatStream.Open(server.NativeChannel(), server.Token(user));
        await stream.JoinAsync(Ids.Unique("room"));
        return stream;
    }

    private static async Task<RpcException> RefusalAsync(ChatStream stream)
    {
        await using (stream)
        {
            await Eventually.TrueAsync(() => stream.Ended, "the stream to be refused");
            return stream.Failure!;
        }
    }
}
