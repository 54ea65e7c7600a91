using Grpc.Core;
using Realtime.Protos.Server.V1;
using Realtime.Protos.Webhooks;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Webhook endpoints the application registers, lists and removes through the server API, beside the configured ones.</summary>
[Trait("Tier", "integration")]
public sealed class ServerApiWebhookTests
{
    private const string Secret = "crm-secret-0123456789";

    private static Metadata Key(string apiKey) => new() { { "authorization", $"ApiKey {apiKey}" } };

    [Fact]
    public async Task A_registered_endpoint_hears_its_rooms_like_a_configured_one_until_it_is_removed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:0:Name"] = "audit",
            ["Webhooks:Endpoints:0:Url"] = receiver.Url.ToString(),
            ["Webhooks:Endpoints:0:Secrets:0"] = "audit-secret-0123456789",
            ["Webhooks:Endpoints:0:Rooms:0"] = "audited-*",
        });
        var api = new ServerApiService.ServerApiServiceClient(server.NativeChannel());
        var (crmRoom, auditedRoom) = (Ids.Unique("crm-room"), Ids.Unique("audited-room"));
        await using var alice = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("alice")));
        await alice.JoinAsync(crmRoom);
        await alice.JoinAsync(auditedRoom);

        var put = await api.PutWebhookEndpointAsync(new PutWebhookEndpointRequest
        {
            Endpoint = new WebhookEndpoint { Name = "crm", Url = receiver.Url.ToString(), Secrets = { Secret }, Rooms = { "crm-*" }, Events = { "message" } },
        }, Key(TestServer.ServerApiKey));
        var listed = await api.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest(), Key(TestServer.ServerApiKey));
        await alice.SendAsync(crmRoom, "new lead", "m1");
        await Eventually.TrueAsync(() => receiver.Accepted.Any(d => d.Endpoint == "crm"), "the message at the registered endpoint");
        await api.DeleteWebhookEndpointAsync(new DeleteWebhookEndpointRequest { Name = "crm" }, Key(TestServer.ServerApiKey));
        await alice.SendAsync(crmRoom, "after removal", "m2");
        await alice.SendAsync(auditedRoom, "marker", "m3");
        await Eventually.TrueAsync(() => receiver.Accepted.Any(d => d.Endpoint == "audit"), "the configured endpoint's delivery after the removal");

        Assert.Empty(put.Endpoint.Secrets);
        Assert.Equal(("crm", "backend"), (put.Endpoint.Name, put.Endpoint.RegisteredBy));
        Assert.Equal([("audit", true), ("crm", false)], listed.Endpoints.Select(e => (e.Name, e.Configured)));
        Assert.All(listed.Endpoints, e => Assert.Empty(e.Secrets));
        var crm = Assert.Single(receiver.Accepted, d => d.Endpoint == "crm");
        Assert.Equal([1L], crm.Offsets);
        Assert.True(WebhookSignature.Verify(crm.Body, crm.Timestamp, crm.Signature, [Secret], DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_registration_is_checked_and_cannot_take_a_configured_name()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:0:Name"] = "audit",
            ["Webhooks:Endpoints:0:Url"] = "http://127.0.0.1:9/",
            ["Webhooks:Endpoints:0:Secrets:0"] = "audit-secret-0123456789",
        });
        var api = new ServerApiService.ServerApiServiceClient(server.NativeChannel());
        async Task<RpcException> Refused(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);
        static PutWebhookEndpointRequest Put(string name, string url, string secret) =>
            new() { Endpoint = new WebhookEndpoint { Name = name, Url = url, Secrets = { secret } } };

        var invalid = await Refused(async () => await api.PutWebhookEndpointAsync(Put("bad name!", "ftp://x", "short"), Key(TestServer.ServerApiKey)));
        var configured = await Refused(async () => await api.PutWebhookEndpointAsync(Put("audit", "http://127.0.0.1:9/", Secret), Key(TestServer.ServerApiKey)));
        var unknown = await Refused(async () => await api.DeleteWebhookEndpointAsync(new DeleteWebhookEndpointRequest { Name = "nobody" }, Key(TestServer.ServerApiKey)));
        var readOnly = await Refused(async () => await api.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest(), Key(TestServer.ReadOnlyServerApiKey)));

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.All(["endpoint.name", "endpoint.url", "endpoint.secrets"], field => Assert.Contains(field, invalid.Status.Detail, StringComparison.Ordinal));
        Assert.Equal(StatusCode.FailedPrecondition, configured.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, readOnly.StatusCode);
    }
}
