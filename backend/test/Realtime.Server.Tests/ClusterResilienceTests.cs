using Realtime.Client;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>A two-silo cluster that loses parts of itself on purpose while a sender and a reader keep going.</summary>
[Trait("Tier", "cluster")]
public sealed class ClusterResilienceTests
{
    private const int Messages = 150;

    private static Dictionary<string, string?> Settings(RedisServer redis) => new()
    {
        ["Cluster:RedisConnectionString"] = redis.ConnectionString,
        ["Cluster:ClusterId"] = Ids.Unique("cluster"),
        ["Cluster:ProbeTimeout"] = "00:00:02",
        ["Cluster:MissedProbesLimit"] = "2",
        ["Cluster:VotesForDeathDeclaration"] = "1",
        ["Server:ReconnectRetryAfter"] = "00:00:00.100",
    };

    [Fact]
    public async Task A_rolling_restart_of_every_silo_loses_nothing()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = Settings(redis);
        var a = await TestServer.StartAsync(settings);
        var b = await TestServer.StartAsync(settings);
        var (portsA, portsB) = (a.Ports, b.Ports);
        try
        {
            await using var towardA = new TcpProxy(portsA.Grpc, portsB.Grpc);
            await using var towardB = new TcpProxy(portsB.Grpc, portsA.Grpc);
            await RunAsync(towardA.Address, towardB.Address, a.Token, async sent =>
            {
                if (sent == 50)
                {
                    await a.DisposeAsync();
                    a = await TestServer.StartAsync(settings, portsA);
                }
                if (sent == 100)
                {
                    await b.DisposeAsync();
                    b = await TestServer.StartAsync(settings, portsB);
                }
            });
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_Redis_restarts_mid_stream_no_client_has_a_gap()
    {
        await using var redis = await RedisServer.StartAsync(durable: true);
        var settings = Settings(redis);
        await using var a = await TestServer.StartAsync(settings);
        await using var b = await TestServer.StartAsync(settings);

        await RunAsync(a.GrpcAddress, b.GrpcAddress, a.Token, async sent =>
        {
            if (sent == 75)
            {
                await redis.RestartAsync();
            }
        });
    }

    /// <summary>A reader behind one address and a sender behind the other; every message must reach the reader once, in order.</summary>
    private static async Task RunAsync(Uri readerAddress, Uri senderAddress, Func<string, string> token, Func<int, Task> afterSend)
    {
        var room = Ids.Unique("room");
        await using var reader = await ConnectAsync(readerAddress, token(Ids.Unique("reader")));
        await using var sender = await ConnectAsync(senderAddress, token(Ids.Unique("sender")));
        await reader.JoinAsync(room).WaitAsync(TestTimeouts.Wait);
        await sender.JoinAsync(room).WaitAsync(TestTimeouts.Wait);
        var received = ClientEvents.Collect(reader);
        ClientEvents.Drain(sender);

        var acks = new List<MessageAck>();
        for (var i = 1; i <= Messages; i++)
        {
            acks.Add(await sender.SendAsync(room, $"m{i}").WaitAsync(TimeSpan.FromSeconds(60)));
            await afterSend(i);
        }

        var messages = await Eventually.ValueAsync(
            () => ClientEvents.Messages(received) is { Count: >= Messages } m ? m : null, $"{Messages} messages at the reader", TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(1, Messages).Select(i => $"m{i}"), messages.Select(m => m.Content));
        Assert.Equal(acks.Select(a => a.Offset), messages.Select(m => m.Offset));
        lock (received)
        {
            Assert.DoesNotContain(received, f => f.ContinuityLost is not null);
        }
    }

    private static Task<ChatClient> ConnectAsync(Uri address, string token) => ChatClient.ConnectAsync(new RealtimeClientOptions
    {
        Address = address,
        TokenProvider = _ => ValueTask.FromResult(token),
        InitialReconnectDelay = TimeSpan.FromMilliseconds(100),
        MaxReconnectDelay = TimeSpan.FromSeconds(1),
    }).WaitAsync(TestTimeouts.Wait);
}
