using Realtime.Client;
using Realtime.Protos.Admin.V1;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Webhooks across a silo's death: two silos as real processes on one Redis, a real HTTP receiver.</summary>
[Trait("Tier", "cluster")]
public sealed class WebhookClusterTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task After_kill_9_of_the_silo_sending_a_room_s_webhooks_the_other_sends_from_the_stored_position_without_a_gap()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = ProcessCluster.Settings(redis);
        settings["Webhooks:Endpoints:0:Name"] = "audit";
        settings["Webhooks:Endpoints:0:Url"] = receiver.Url.ToString();
        settings["Webhooks:Endpoints:0:Secrets:0"] = "cluster-secret-0123456789";
        settings["Webhooks:InitialRetryDelay"] = "00:00:00.100";
        settings["Webhooks:MaxRetryDelay"] = "00:00:00.500";
        await using var first = await ServerProcess.StartAsync(settings);
        await using var second = await ServerProcess.StartAsync(settings);
        await using var towardFirst = new TcpProxy(first.Ports.Grpc, second.Ports.Grpc);
        var room = Ids.Unique("room");
        await using var sender = await ProcessCluster.ConnectAsync(towardFirst.Address, second.WebAddress, Ids.Unique("sender"));
        await sender.JoinAsync(room);
        ClientEvents.Drain(sender);
        async Task SendAsync(int from, int to)
        {
            for (var i = from; i <= to; i++)
            {
                await sender.SendAsync(room, $"m{i}").WaitAsync(TimeSpan.FromSeconds(60));
            }
        }

        await SendAsync(1, 10);
        await Eventually.TrueAsync(() => receiver.Accepted.SelectMany(d => d.Offsets).Count() == 10, "the first ten accepted");
        receiver.Down = true;
        await SendAsync(11, 20);
        await Eventually.TrueAsync(() => receiver.Deliveries.Any(d => !d.Accepted), "a refused try");
        // The room's sender of webhooks is placed beside the room: kill the silo that holds the room.
        using var adminChannel = Grpc.Net.Client.GrpcChannel.ForAddress(second.GrpcAddress);
        var admin = new AdminService.AdminServiceClient(adminChannel);
        var adminToken = await DevelopmentTokens.FetchAsync(second.WebAddress, Ids.Unique("operator"), ["admin"]);
        // A silo address reads "HOST:PORT@GENERATION".
        var owner = (await admin.InspectTopicAsync(new InspectTopicRequest { Kind = TopicKind.ChatRoom, Id = room }, Auth.Headers(adminToken))).Silo;
        (owner.Contains($":{first.Ports.Silo}@", StringComparison.Ordinal) ? first : second).Kill();
        await SendAsync(21, 30);
        receiver.Down = false;

        await Eventually.TrueAsync(() => receiver.Accepted.SelectMany(d => d.Offsets).Count() >= 30, "thirty accepted after the kill", TimeSpan.FromSeconds(60));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), receiver.Accepted.SelectMany(d => d.Offsets));
    }
}
