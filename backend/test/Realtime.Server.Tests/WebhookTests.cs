using Realtime.Protos.Chat.V1;
using Realtime.Protos.Webhooks;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Webhooks from the log, to a real HTTP receiver: every stored event of the rooms an endpoint hears, in order, signed.</summary>
[Trait("Tier", "integration")]
public sealed class WebhookTests
{
    private const string OldSecret = "old-secret-0123456789";
    private const string NewSecret = "new-secret-0123456789";

    private static Task<TestServer> StartAsync(WebhookReceiver receiver) => TestServer.StartAsync(new Dictionary<string, string?>
    {
        ["Webhooks:Endpoints:0:Name"] = "audit",
        ["Webhooks:Endpoints:0:Url"] = receiver.Url.ToString(),
        ["Webhooks:Endpoints:0:Secrets:0"] = OldSecret,
        ["Webhooks:Endpoints:0:Secrets:1"] = NewSecret,
        ["Webhooks:Endpoints:0:Rooms:0"] = "audited-*",
        ["Webhooks:Endpoints:1:Name"] = "messages-only",
        ["Webhooks:Endpoints:1:Url"] = receiver.Url.ToString(),
        ["Webhooks:Endpoints:1:Secrets:0"] = NewSecret,
        ["Webhooks:Endpoints:1:Events:0"] = "message",
        ["Webhooks:InitialRetryDelay"] = "00:00:00.100",
        ["Webhooks:MaxRetryDelay"] = "00:00:00.500",
    });

    [Fact]
    public async Task Every_stored_event_of_a_heard_room_reaches_the_endpoint_in_order_signed_with_each_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await StartAsync(receiver);
        var (audited, other) = (Ids.Unique("audited-room"), Ids.Unique("other"));
        await using var alice = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("alice")));
        await alice.JoinAsync(audited);
        await alice.JoinAsync(other);

        for (var i = 1; i <= 3; i++)
        {
            await alice.SendAsync(audited, $"m{i}", $"m{i}");
            await alice.AckAsync($"m{i}");
        }
        await alice.WriteAsync(new ChatClientFrame { Edit = new EditMessage { RoomId = audited, MessageOffset = 2, Content = "m2!", ClientChangeId = "e1" } });
        await alice.SendAsync(other, "unheard by audit", "o1");

        await Eventually.TrueAsync(() => receiver.Accepted.Where(d => d.Endpoint == "audit").SelectMany(d => d.Offsets).Count() == 4, "four events of the audited room at audit");
        await Eventually.TrueAsync(() => receiver.Accepted.Where(d => d.Endpoint == "messages-only").SelectMany(d => d.Offsets).Count() == 4, "four messages of both rooms at messages-only");
        var audit = receiver.Accepted.Where(d => d.Endpoint == "audit").ToArray();
        Assert.Equal([1L, 2, 3, 4], audit.SelectMany(d => d.Offsets));
        Assert.Equal(["message", "message", "message", "changed"], audit.SelectMany(d => d.Types));
        Assert.All(audit, d => Assert.Equal($"chat/{audited}", d.Json.GetProperty("topic").GetString()));
        var onlyMessages = receiver.Accepted.Where(d => d.Endpoint == "messages-only").ToArray();
        Assert.Equal(["message"], onlyMessages.SelectMany(d => d.Types).Distinct());

        var now = DateTimeOffset.UtcNow;
        foreach (var delivery in audit)
        {
            Assert.True(WebhookSignature.Verify(delivery.Body, delivery.Timestamp, delivery.Signature, [OldSecret], now));
            Assert.True(WebhookSignature.Verify(delivery.Body, delivery.Timestamp, delivery.Signature, [NewSecret], now));
            Assert.False(WebhookSignature.Verify(delivery.Body, delivery.Timestamp, delivery.Signature, ["another-secret-0123"], now));
            Assert.False(WebhookSignature.Verify([.. delivery.Body, (byte)' '], delivery.Timestamp, delivery.Signature, [NewSecret], now));
            Assert.False(WebhookSignature.Verify(delivery.Body, delivery.Timestamp, delivery.Signature, [NewSecret], now.AddMinutes(10)));
        }
    }

    [Fact]
    public async Task An_endpoint_that_was_down_gets_every_event_once_in_order_when_it_is_back_and_others_are_not_held_up()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await StartAsync(receiver);
        var room = Ids.Unique("audited-room");
        await using var alice = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("alice")));
        await using var bob = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("bob")));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        receiver.Down = true;

        for (var i = 1; i <= 10; i++)
        {
            await alice.SendAsync(room, $"m{i}", $"m{i}");
        }
        await alice.AckAsync("m10");
        var delivered = await bob.MessagesAsync(room, 10);
        await Eventually.TrueAsync(() => receiver.Deliveries.Count(d => !d.Accepted && d.Endpoint == "audit") >= 3, "three refused tries at audit");
        receiver.Down = false;

        await Eventually.TrueAsync(() => receiver.Accepted.Where(d => d.Endpoint == "audit").SelectMany(d => d.Offsets).Count() >= 10, "ten events accepted at audit");
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), receiver.Accepted.Where(d => d.Endpoint == "audit").SelectMany(d => d.Offsets));
        Assert.Equal(10, delivered.Count);
        Assert.True(receiver.Accepted.Count(d => d.Endpoint == "audit") < 10, "what piled up while the endpoint was down went in batches");
    }

    [Fact]
    public async Task A_document_s_edits_reach_an_endpoint_that_names_it_with_their_revisions_and_operations()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:0:Name"] = "contracts",
            ["Webhooks:Endpoints:0:Url"] = receiver.Url.ToString(),
            ["Webhooks:Endpoints:0:Secrets:0"] = NewSecret,
            ["Webhooks:Endpoints:0:Rooms:0"] = "no-room-is-called-this",
            ["Webhooks:Endpoints:0:Documents:0"] = "contract-*",
        });
        var (heard, unheard) = (Ids.Unique("contract"), Ids.Unique("draft"));
        await using var alice = DocumentStream.Open(server.NativeChannel(), server.Token(Ids.Unique("alice")));
        await alice.OpenDocumentAsync(heard);
        await alice.OpenDocumentAsync(unheard);

        var first = await alice.ReplaceAsync(heard, 0, 0, 0, "Terms");
        await Eventually.TrueAsync(() => alice.Frames.Any(f => f.Ack?.ClientEditId == first), "the first edit acked");
        await alice.ReplaceAsync(heard, 1, 5, 5, " apply");
        await alice.ReplaceAsync(unheard, 0, 0, 0, "not sent");

        await Eventually.TrueAsync(() => receiver.Accepted.SelectMany(d => d.Offsets).Count() == 2, "both edits of the heard document");
        var deliveries = receiver.Accepted.ToArray();
        Assert.Equal([1L, 2], deliveries.SelectMany(d => d.Offsets));
        Assert.Equal(["edit", "edit"], deliveries.SelectMany(d => d.Types));
        Assert.All(deliveries, d => Assert.Equal($"doc/{heard}", d.Json.GetProperty("topic").GetString()));
        var inserted = deliveries.SelectMany(d => d.Json.GetProperty("events").EnumerateArray())
            .Select(e => e.GetProperty("event").GetProperty("edit").GetProperty("operation").GetRawText());
        Assert.Contains(inserted, operation => operation.Contains("Terms", StringComparison.Ordinal));
        Assert.Contains(inserted, operation => operation.Contains(" apply", StringComparison.Ordinal));
    }
}
