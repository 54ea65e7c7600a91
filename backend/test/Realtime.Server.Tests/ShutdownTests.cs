using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Protos.Chat.V1;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
public sealed class ShutdownTests
{
    [Fact]
    public async Task OnShutdown_HealthTurnsNotServing_AndStreamsEndWithAReconnectHintCarryingTheirPosition()
    {
        var server = await TestServer.StartAsync();
        try
        {
            var room = Ids.Unique("room");
            var channel = server.NativeChannel();
            using var watch = new Grpc.Health.V1.Health.HealthClient(channel).Watch(new HealthCheckRequest());
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Wait));
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, watch.ResponseStream.Current.Status);
            await using var stream = ChatStream.Open(channel, server.Token(Ids.Unique("u")));
            await stream.JoinAsync(room);
            for (var i = 0; i < 5; i++)
            {
                await stream.SendAsync(room, $"m{i}");
            }
            var messages = await stream.MessagesAsync(room, 5);

            var stopping = server.StopAsync();
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Wait));
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, watch.ResponseStream.Current.Status);
            watch.Dispose();
            var hint = (await stream.FrameAsync(f => f.Reconnect is not null, "reconnect hint")).Reconnect;
            await Eventually.TrueAsync(() => stream.Ended, "the stream to end after its hint");
            await stopping.WaitAsync(TestTimeouts.Wait);

            var position = Assert.Single(hint.Rooms);
            Assert.Equal(room, position.RoomId);
            Assert.Equal(messages[^1].Offset, position.Position.Offset);
            Assert.Equal(messages[^1].Epoch, position.Position.Epoch);
            Assert.Null(stream.Failure);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_its_hint_a_stream_stays_open_until_its_client_ends_its_side_and_then_ends_cleanly()
    {
        var server = await TestServer.StartAsync();
        try
        {
            var streams = server.Services.GetRequiredService<StreamRegistry>();
            using var call = await JoinedCallAsync(server, Ids.Unique("room"));

            var stopping = server.StopAsync();
            Assert.NotNull((await NextFrameAsync(call)).Reconnect);
            Assert.Equal(1, streams.Count);
            await call.RequestStream.CompleteAsync();

            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Wait));
            Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
            await stopping.WaitAsync(TestTimeouts.Wait);
            Assert.Equal(0, streams.Count);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_client_that_keeps_sending_after_its_hint_still_reads_it_and_is_cut_off_after_the_drain_timeout()
    {
        var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Server:ShutdownDrainTimeout"] = "00:00:03" });
        try
        {
            var room = Ids.Unique("room");
            using var call = await JoinedCallAsync(server, room);

            var stopping = server.StopAsync();
            var hint = await NextFrameAsync(call);
            try
            {
                await call.RequestStream.WriteAsync(new ChatClientFrame { Send = new SendMessage { RoomId = room, Content = "after the hint", ClientMessageId = "late" } });
            }
            catch (RpcException)
            {
                // A machine slow enough to pass the drain timeout here has already cut the stream off.
            }
            await stopping.WaitAsync(TestTimeouts.Wait);

            Assert.Equal(room, Assert.Single(hint.Reconnect.Rooms).RoomId);
            Assert.True(await EndsAsync(call), "the hint is the stream's last frame");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>A raw Chat call joined to <paramref name="room"/>, so the test decides when its client reads and ends its side.</summary>
    private static async Task<AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame>> JoinedCallAsync(TestServer server, string room)
    {
        var headers = new Metadata { { "authorization", $"Bearer {server.Token(Ids.Unique("u"))}" } };
        var call = new ChatService.ChatServiceClient(server.NativeChannel()).Chat(headers);
        await call.RequestStream.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room } });
        Assert.NotNull((await NextFrameAsync(call)).Joined);
        return call;
    }

    /// <summary>True when the stream ends next, with its status or with the reset of a call whose client was still sending.</summary>
    private static async Task<bool> EndsAsync(AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> call)
    {
        try
        {
            return !await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Wait);
        }
        catch (RpcException)
        {
            return true;
        }
    }

    private static async Task<ChatServerFrame> NextFrameAsync(AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> call)
    {
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeouts.Wait));
        return call.ResponseStream.Current;
    }
}
