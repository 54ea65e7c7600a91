using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Protos;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

/// <summary>
/// The failure a kill -9 showed in the terminal client: after a reconnect the SDK sent its unacked
/// message right behind the rejoin, the rejoin was refused (the room's grain was moving), the message
/// was refused as "not joined", and SendAsync threw. A scripted server over real HTTP/2 plays exactly
/// that and records what the client sends.
/// </summary>
[Trait("Tier", "integration")]
public sealed class ChatRejoinOrderTests
{
    [Fact]
    public async Task After_a_reconnect_sends_wait_for_the_rooms_rejoin_and_a_refused_rejoin_is_retried()
    {
        var script = new Script();
        await using var server = await ScriptedServer.StartAsync(script);
        await using var client = await ChatClient.ConnectAsync(new RealtimeClientOptions
        {
            Address = server.Address,
            TokenProvider = _ => ValueTask.FromResult("unused"),
            InitialReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        }).WaitAsync(TestTimeouts.Wait);
        await client.JoinAsync("room").WaitAsync(TestTimeouts.Wait);
        var events = ClientEvents.Collect(client);

        // The first stream dies on the send (its silo is gone); the second refuses the first rejoin.
        var ack = await client.SendAsync("room", "hello", "m-1").WaitAsync(TestTimeouts.Wait);

        Assert.Equal(7, ack.Offset);
        Assert.Equal(0, script.SendsBeforeJoined);
        Assert.True(script.JoinsOnSecondStream >= 2, $"the refused rejoin was not retried ({script.JoinsOnSecondStream} joins)");
        // The rejoin's answer came after the refusal: once the application has it, it would have the refusal too.
        await Eventually.TrueAsync(() => { lock (events) { return events.Count(e => e.Joined is not null) >= 2; } }, "the rejoin delivered to the application");
        lock (events)
        {
            // Refusals the SDK retried itself are not the application's to show.
            Assert.DoesNotContain(events, e => e.Error is not null);
        }
    }

    /// <summary>What the scripted server does per stream, and what it saw.</summary>
    private sealed class Script
    {
        private int _streams;
        private int _sendsBeforeJoined;
        private int _joinsOnSecondStream;

        public int SendsBeforeJoined => Volatile.Read(ref _sendsBeforeJoined);

        public int JoinsOnSecondStream => Volatile.Read(ref _joinsOnSecondStream);

        public async Task RunAsync(IAsyncStreamReader<ChatClientFrame> requests, IServerStreamWriter<ChatServerFrame> responses, ServerCallContext context)
        {
            var stream = Interlocked.Increment(ref _streams);
            var joined = false;
            await foreach (var frame in requests.ReadAllAsync(context.CancellationToken))
            {
                switch (frame.CommandCase)
                {
                    case ChatClientFrame.CommandOneofCase.Join when stream == 1:
                        await responses.WriteAsync(Joined(0));
                        break;
                    case ChatClientFrame.CommandOneofCase.Send when stream == 1:
                        throw new RpcException(new Status(StatusCode.Unavailable, "the silo went away"));
                    case ChatClientFrame.CommandOneofCase.Join when Interlocked.Increment(ref _joinsOnSecondStream) == 1:
                        await responses.WriteAsync(Refusal(CommandKind.Join, "", StatusCode.Unavailable, "The room is temporarily unavailable; retry."));
                        break;
                    case ChatClientFrame.CommandOneofCase.Join:
                        joined = true;
                        await responses.WriteAsync(Joined(6));
                        break;
                    case ChatClientFrame.CommandOneofCase.Send when !joined:
                        Interlocked.Increment(ref _sendsBeforeJoined);
                        await responses.WriteAsync(Refusal(CommandKind.Send, frame.Send.ClientMessageId, StatusCode.FailedPrecondition, "The room 'room' is not joined on this stream; join it first."));
                        break;
                    case ChatClientFrame.CommandOneofCase.Send:
                        await responses.WriteAsync(new ChatServerFrame { Ack = new MessageAck { RoomId = "room", ClientMessageId = frame.Send.ClientMessageId, Epoch = "e", Offset = 7 } });
                        break;
                }
            }
        }

        private static ChatServerFrame Joined(long offset) =>
            new() { Joined = new RoomJoined { RoomId = "room", Position = new StreamPosition { Epoch = "e", Offset = offset } } };

        private static ChatServerFrame Refusal(CommandKind command, string clientMessageId, StatusCode code, string message) =>
            new() { Error = new CommandError { Command = command, RoomId = "room", ClientMessageId = clientMessageId, Error = new ErrorDetail { Code = (int)code, Message = message } } };
    }

    private sealed class ScriptedChat(Script script) : ChatService.ChatServiceBase
    {
        public override async Task Chat(IAsyncStreamReader<ChatClientFrame> requestStream, IServerStreamWriter<ChatServerFrame> responseStream, ServerCallContext context)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { StreamHeaders.Accepted, "1" } });
            await script.RunAsync(requestStream, responseStream, context);
        }
    }

    /// <summary>Kestrel on loopback port 0 (the port it got is read back), cleartext HTTP/2, serving only the scripted chat.</summary>
    private sealed class ScriptedServer(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address => address;

        public static async Task<ScriptedServer> StartAsync(Script script)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(script);
            var app = builder.Build();
            app.MapGrpcService<ScriptedChat>();
            await app.StartAsync();
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return new ScriptedServer(app, new Uri(bound));
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
