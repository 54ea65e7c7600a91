using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Realtime.Protos.Server.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>The server API as JSON over HTTP/1.1 on the web port, its OpenAPI document, and its limit per principal.</summary>
[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class ServerApiHttpTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private HttpClient Http(string authorization)
    {
        var http = new HttpClient { BaseAddress = Server.WebAddress };
        http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        return http;
    }

    [Fact]
    public async Task A_backend_publishes_and_reads_with_JSON_and_a_bad_request_names_its_fields()
    {
        var room = Ids.Unique("room");
        await using var member = ChatStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("member")));
        await member.JoinAsync(room);
        using var http = Http($"ApiKey {TestServer.ServerApiKey}");

        using var published = await http.PostAsJsonAsync("/v1/messages", new { send = new { roomId = room, clientMessageId = "invoice-7", content = "Invoice 7 is paid" } });
        using var history = await http.GetAsync(new Uri($"/v1/rooms/{room}/messages?pageSize=5", UriKind.Relative));
        using var refused = await http.PostAsJsonAsync("/v1/messages", new { send = new { roomId = "no spaces", clientMessageId = "", content = "x" } });

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var ack = JsonDocument.Parse(await published.Content.ReadAsStringAsync()).RootElement.GetProperty("ack");
        var live = Assert.Single(await member.MessagesAsync(room, 1));
        Assert.Equal((live.Offset, "backend"), (ack.GetProperty("offset").GetInt64(), live.PostedBy));
        var stored = JsonDocument.Parse(await history.Content.ReadAsStringAsync()).RootElement.GetProperty("messages");
        Assert.Equal("Invoice 7 is paid", Assert.Single(stored.EnumerateArray()).GetProperty("content").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)StatusCode.InvalidArgument, error.GetProperty("code").GetInt32());
        var fields = error.GetProperty("details")[0].GetProperty("fieldViolations").EnumerateArray().Select(v => v.GetProperty("field").GetString());
        Assert.Equal(["send.client_message_id", "send.room_id"], fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_user_token_gets_401_and_a_key_without_the_scope_403()
    {
        using var asUser = Http($"Bearer {Server.Token(Ids.Unique("user"), ["admin"])}");
        using var asReader = Http($"ApiKey {TestServer.ReadOnlyServerApiKey}");
        var message = new { send = new { roomId = Ids.Unique("room"), clientMessageId = "k", content = "x" } };

        using var user = await asUser.PostAsJsonAsync("/v1/messages", message);
        using var reader = await asReader.PostAsJsonAsync("/v1/messages", message);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), (user.StatusCode, reader.StatusCode));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_server_API_path()
    {
        using var http = new HttpClient { BaseAddress = Server.WebAddress };

        var document = JsonDocument.Parse(await http.GetStringAsync(new Uri("/openapi/server-api.json", UriKind.Relative))).RootElement;

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["/v1/documents/{edit.documentId}/edits", "/v1/documents:batchGet", "/v1/games", "/v1/games/{gameId}:finish", "/v1/games:batchGet", "/v1/messages", "/v1/messages:batch", "/v1/rooms/{roomId}/messages", "/v1/rooms/{roomId}/presence", "/v1/rooms/{roomId}/removals", "/v1/rooms:batchGet", "/v1/webhooks", "/v1/webhooks/{endpoint.name}", "/v1/webhooks/{name}"], paths);
    }

    [Fact]
    public async Task A_principal_over_its_rate_is_refused_with_when_to_retry_and_others_are_not()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["ServerApi:CallsPerSecondPerPrincipal"] = "5" });
        var api = new ServerApiService.ServerApiServiceClient(server.NativeChannel());
        var read = new GetRoomsRequest { RoomIds = { Ids.Unique("room") } };
        var backend = new Metadata { { "authorization", $"ApiKey {TestServer.ServerApiKey}" } };

        // Sent at once: a 5-per-second bucket cannot take 40 calls unless they were spread over 7 seconds.
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            try
            {
                await api.GetRoomsAsync(read, backend);
                return StatusCode.OK;
            }
            catch (RpcException refused)
            {
                Assert.NotNull(refused.GetRpcStatus()!.GetDetail<Google.Rpc.RetryInfo>());
                return refused.StatusCode;
            }
        }));
        var dashboard = await api.GetRoomsAsync(read, new Metadata { { "authorization", $"ApiKey {TestServer.ReadOnlyServerApiKey}" } });

        Assert.Equal([StatusCode.OK, StatusCode.ResourceExhausted], answers.Distinct().Order());
        Assert.True(answers.Count(a => a == StatusCode.OK) >= 5);
        Assert.True(Assert.Single(dashboard.Rooms).NotFound);
    }
}
