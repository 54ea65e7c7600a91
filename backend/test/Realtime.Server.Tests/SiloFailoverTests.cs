using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Two silos as real processes on one Redis, behind failover proxies standing in for a balancer.</summary>
[Trait("Tier", "cluster")]
public sealed class SiloFailoverTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Killing_a_silo_loses_no_acknowledged_message_and_its_clients_resume_on_the_other()
    {
        var settings = ProcessCluster.Settings(redis);
        await using var doomed = await ServerProcess.StartAsync(settings);
        await using var survivor = await ServerProcess.StartAsync(settings);
        // Each proxy prefers one silo and fails over to the other, as a balancer with health checks would.
        await using var towardDoomed = new TcpProxy(doomed.Ports.Grpc, survivor.Ports.Grpc);
        await using var towardSurvivor = new TcpProxy(survivor.Ports.Grpc, doomed.Ports.Grpc);
        var room = Ids.Unique("room");
        await using var reader = await ProcessCluster.ConnectAsync(towardDoomed.Address, survivor.WebAddress, Ids.Unique("reader"));
        await using var sender = await ProcessCluster.ConnectAsync(towardSurvivor.Address, survivor.WebAddress, Ids.Unique("sender"));
        await reader.JoinAsync(room);
        await sender.JoinAsync(room);
        var received = ClientEvents.Collect(reader);
        ClientEvents.Drain(sender);

        // Sent in bursts that do not wait for acks, so the room stores them as runs, one append each; the
        // kill lands while a burst is in flight: what was stored before the ack was lost is resent and
        // acked as a duplicate at its stored offset, what was not is stored after it, in order.
        var acks = new List<MessageAck>();
        for (var burst = 0; burst < 20; burst++)
        {
            var sends = Enumerable.Range(burst * 10 + 1, 10).Select(i => sender.SendAsync(room, $"m{i}")).ToList();
            if (burst == 6)
            {
                doomed.Kill();
            }
            foreach (var send in sends)
            {
                acks.Add(await send.WaitAsync(TimeSpan.FromSeconds(60)));
            }
        }

        var messages = await Eventually.ValueAsync(() => ClientEvents.Messages(received) is { Count: >= 200 } m ? m : null, "200 messages at the reader", TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(1, 200).Select(i => $"m{i}"), messages.Select(m => m.Content));
        Assert.Equal(acks.Select(a => a.Offset), messages.Select(m => m.Offset));
        Assert.True(reader.Connections >= 2, "the reader reconnected");
        lock (received)
        {
            Assert.DoesNotContain(received, f => f.ContinuityLost is not null);
        }
    }
}
