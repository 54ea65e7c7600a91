using Grpc.Core;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class ChatClientReconnectTests
{
    [Fact]
    public async Task ConnectionDrops_WhileOthersSend_TheClientSeesEveryMessageOnce_InOrder()
    {
        await using var server = await TestServer.StartAsync();
        await using var proxy = new TcpProxy(server.Ports.Grpc);
        var room = Ids.Unique("room");
        await using var reader = await TestClients.ChatAsync(proxy.Address, server.Token(Ids.Unique("reader")));
        await using var sender = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("sender")));
        await reader.JoinAsync(room);
        await sender.JoinAsync(room);
        var received = ClientEvents.Collect(reader);

        for (var i = 1; i <= 120; i++)
        {
            await sender.SendAsync(room, $"m{i}");
            if (i % 40 == 0 && i < 120)
            {
                // Each drop lands on a live connection: the previous reconnect has happened.
                await Eventually.TrueAsync(() => reader.IsConnected, "the reader to be connected before a drop");
                proxy.DropAll();
            }
        }

        var messages = await Eventually.ValueAsync(() => ClientEvents.Messages(received) is { Count: >= 120 } m ? m : null, "120 messages at the reader");
        Assert.Equal(Enumerable.Range(1, 120).Select(i => $"m{i}"), messages.Select(m => m.Content));
        Assert.Equal(3, reader.Connections);
        Assert.DoesNotContain(ClientEvents.Snapshot(received), f => f.ContinuityLost is not null);
    }

    [Fact]
    public async Task ServerRestart_InEmbeddedMode_IsReportedAsContinuityLost_AndAPendingSendIsDeliveredOnce()
    {
        var room = Ids.Unique("room");
        var server = await TestServer.StartAsync();
        var ports = server.Ports;
        var readerToken = server.Token(Ids.Unique("reader"));
        var senderToken = server.Token(Ids.Unique("sender"));
        await using var reader = await TestClients.ChatAsync(server.GrpcAddress, readerToken);
        await using var sender = await TestClients.ChatAsync(server.GrpcAddress, senderToken);
        await reader.JoinAsync(room);
        await sender.JoinAsync(room);
        var received = ClientEvents.Collect(reader);
        for (var i = 1; i <= 3; i++)
        {
            await sender.SendAsync(room, $"before {i}");
        }
        await Eventually.TrueAsync(() => ClientEvents.Messages(received).Count == 3, "3 messages before the restart");

        await server.DisposeAsync();
        var pending = sender.SendAsync(room, "during outage");
        await using var restarted = await TestServer.StartAsync(ports: ports);
        var ack = await pending.WaitAsync(TestTimeouts.Wait);

        var lost = await Eventually.ValueAsync(() => ClientEvents.Snapshot(received).FirstOrDefault(f => f.ContinuityLost is not null)?.ContinuityLost, "continuity lost at the reader");
        var afterLoss = await Eventually.ValueAsync(
            () => lost.Snapshot.Concat(ClientEvents.Snapshot(received).SkipWhile(f => f.ContinuityLost is null).Where(f => f.Message is not null).Select(f => f.Message))
                .Where(m => m.Content == "during outage").ToList() is { Count: > 0 } m ? m : null,
            "the message sent during the outage");
        Assert.Equal(Protos.Common.V1.ContinuityLossReason.EpochChanged, lost.Reason);
        Assert.Single(afterLoss);
        Assert.Equal(ack.Offset, afterLoss[0].Offset);
        Assert.Equal(ack.Epoch, lost.Position.Epoch);
        Assert.Equal(["before 1", "before 2", "before 3"], ClientEvents.Snapshot(received).TakeWhile(f => f.ContinuityLost is null).Where(f => f.Message is not null).Select(f => f.Message.Content));
    }

    [Fact]
    public async Task Connect_WithABadToken_FailsWithUnauthenticated()
    {
        await using var server = await TestServer.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => TestClients.ChatAsync(server.GrpcAddress, "not-a-token"));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }
}
