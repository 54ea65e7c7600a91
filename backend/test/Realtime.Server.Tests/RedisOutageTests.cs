using System.Net;
using System.Text.Json;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Realtime.Client;
using Realtime.Streaming.Resilience;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// Redis goes away for longer than every background period (all shortened to 200 ms here, so the
/// outage spans dozens of rounds): no silo stops, readiness says why it is not serving, a send made
/// during the outage is stored once when Redis returns, and delivery goes on with no gap.
/// </summary>
[Trait("Tier", "cluster")]
public sealed class RedisOutageTests
{
    [Fact]
    public async Task A_Redis_outage_longer_than_every_background_period_stops_no_silo_and_loses_nothing()
    {
        await using var redis = await RedisServer.StartAsync(durable: true);
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:RedisConnectionString"] = redis.ConnectionString,
            ["Cluster:ClusterId"] = Ids.Unique("cluster"),
            ["Attachments:RedisConnectionString"] = redis.ConnectionString,
            ["Attachments:ExpirySweepInterval"] = "00:00:00.200",
            ["Streaming:PresenceRenewInterval"] = "00:00:00.200",
            ["SiloRegistry:RegistrationInterval"] = "00:00:00.200",
            ["Health:CheckInterval"] = "00:00:01",
        };
        await using var a = await TestServer.StartAsync(settings);
        await using var b = await TestServer.StartAsync(settings);
        var room = Ids.Unique("room");
        await using var reader = await ConnectAsync(a, "reader");
        await using var sender = await ConnectAsync(b, "sender");
        await reader.JoinAsync(room).WaitAsync(TestTimeouts.Wait);
        await sender.JoinAsync(room).WaitAsync(TestTimeouts.Wait);
        var received = ClientEvents.Collect(reader);
        ClientEvents.Drain(sender);
        var before = await sender.SendAsync(room, "before").WaitAsync(TestTimeouts.Wait);

        await redis.StopAsync();
        foreach (var server in new[] { a, b })
        {
            await Eventually.PassesAsync(
                async () => await ReadinessAsync(server) is (HttpStatusCode.ServiceUnavailable, var reason) && reason.Contains("redis: ", StringComparison.Ordinal),
                "readiness NOT_SERVING while Redis is down, naming Redis as the reason");
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await GrpcHealthAsync(server));
            var loops = server.Services.GetRequiredService<ResilientLoops>();
            await Eventually.TrueAsync(() => loops.Failing.ContainsKey("upload-expiry"), "the upload sweep failing, and retrying");
        }
        var during = sender.SendAsync(room, "during");
        // Many more rounds of every loop than a single failure would take to stop a host.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(during.IsFaulted, $"a send during the outage failed instead of waiting: {during.Exception?.InnerException?.Message}");
        await redis.StartAgainAsync();

        foreach (var server in new[] { a, b })
        {
            Assert.False(server.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "a silo stopped itself");
            await Eventually.PassesAsync(async () => (await ReadinessAsync(server)).Status == HttpStatusCode.OK, "readiness SERVING again once Redis is back", TimeSpan.FromSeconds(60));
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await GrpcHealthAsync(server));
        }
        var duringAck = await during.WaitAsync(TimeSpan.FromSeconds(60));
        var after = await sender.SendAsync(room, "after").WaitAsync(TimeSpan.FromSeconds(60));

        var messages = await Eventually.ValueAsync(() => ClientEvents.Messages(received) is { Count: >= 3 } m ? m : null, "three messages at the reader", TimeSpan.FromSeconds(60));
        Assert.Equal(["before", "during", "after"], messages.Select(m => m.Content));
        Assert.Equal([before.Offset, duringAck.Offset, after.Offset], messages.Select(m => m.Offset));
        Assert.Equal(before.Offset + 2, after.Offset);
    }

    /// <summary>The HTTP probe's status and the reason it gives.</summary>
    private static async Task<(HttpStatusCode Status, string Reason)> ReadinessAsync(TestServer server)
    {
        using var http = new HttpClient { BaseAddress = server.WebAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.GetProperty("reason").GetString() ?? "");
    }

    /// <summary>What the gRPC health service answers for the server as a whole (its checks run live).</summary>
    private static async Task<HealthCheckResponse.Types.ServingStatus> GrpcHealthAsync(TestServer server) =>
        (await new Grpc.Health.V1.Health.HealthClient(server.NativeChannel()).CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(TestTimeouts.Wait)).Status;

    private static Task<ChatClient> ConnectAsync(TestServer server, string user) => ChatClient.ConnectAsync(new RealtimeClientOptions
    {
        Address = server.GrpcAddress,
        TokenProvider = _ => ValueTask.FromResult(server.Token(Ids.Unique(user))),
        InitialReconnectDelay = TimeSpan.FromMilliseconds(100),
        MaxReconnectDelay = TimeSpan.FromSeconds(1),
    }).WaitAsync(TestTimeouts.Wait);
}
