using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class ChannelResilienceTests
{
    [Fact]
    public async Task Calls_spread_round_robin_over_several_silos_and_a_dead_one_is_skipped()
    {
        // Two separate servers: a room that exists only on the first tells which one answered.
        await using var first = await TestServer.StartAsync();
        await using var second = await TestServer.StartAsync();
        var user = Ids.Unique("u");
        var room = Ids.Unique("room");
        await using (var seeded = await ChatClient.ConnectAsync(Options(first, user, first.GrpcAddress)))
        {
            await seeded.JoinAsync(room);
            await seeded.SendAsync(room, "only on the first server");
        }
        var dead = new Uri($"http://127.0.0.1:{FreePorts.Next()}");
        await using var client = await ChatClient.ConnectAsync(Options(first, user, dead, first.GrpcAddress, second.GrpcAddress));

        var answers = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            try
            {
                answers.Add((await client.ListMessagesAsync(room, 10)).Messages.Count == 1 ? "first" : "?");
            }
            catch (RpcException missing) when (missing.StatusCode == StatusCode.NotFound)
            {
                answers.Add("second");
            }
        }

        Assert.Contains("first", answers);
        Assert.Contains("second", answers);
        Assert.DoesNotContain("?", answers);
    }

    [Fact]
    public async Task A_unary_call_to_a_silo_that_never_answers_ends_at_the_default_deadline()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptTcpClientAsync());
            }
        });
        var options = new RealtimeClientOptions
        {
            Address = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"),
            TokenProvider = _ => ValueTask.FromResult("token"),
            DefaultCallTimeout = TimeSpan.FromSeconds(1),
        };
        using var channel = RealtimeChannels.Create(options);
        var started = DateTime.UtcNow;

        var failure = await Assert.ThrowsAsync<RpcException>(async () =>
            await new ChatService.ChatServiceClient(channel).ListRoomsAsync(new ListRoomsRequest(), await RealtimeChannels.CallOptionsAsync(options, CancellationToken.None)));

        Assert.Equal(StatusCode.DeadlineExceeded, failure.StatusCode);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        silent.Stop();
        accepted.ForEach(c => c.Dispose());
        await Assert.ThrowsAnyAsync<Exception>(() => accepting);
    }

    private static RealtimeClientOptions Options(TestServer tokens, string user, Uri address, params Uri[] more) => new()
    {
        Address = address,
        AdditionalAddresses = more,
        TokenProvider = _ => ValueTask.FromResult(tokens.Token(user)),
    };
}
