using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains.Log;
using Realtime.Protos.Admin.V1;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// What an operator does about webhooks through the admin API: sees which rooms an endpoint has stalled on, and replays
/// a room's events from an offset, at once, to an endpoint that came back or lost what it had confirmed.
/// </summary>
[Trait("Tier", "integration")]
public sealed class WebhookOperationsTests
{
    [Fact]
    public async Task A_stalled_room_is_listed_until_a_replay_sends_it_and_a_replay_from_an_earlier_offset_sends_again()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:0:Name"] = "audit",
            ["Webhooks:Endpoints:0:Url"] = receiver.Url.ToString(),
            ["Webhooks:Endpoints:0:Secrets:0"] = "audit-secret-0123456789",
            ["Webhooks:InitialRetryDelay"] = "00:00:00.100",
            // Once paused, the next try is far away: what arrives after the replay was sent by the replay.
            ["Webhooks:MaxRetryDelay"] = "00:10:00",
            ["Webhooks:PauseAfterFailures"] = "2",
        });
        var admin = new AdminService.AdminServiceClient(server.NativeChannel());
        var asAdmin = Auth.Headers(server.Token(Ids.Unique("operator"), ["admin"]));
        var room = Ids.Unique("room");
        await using var alice = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("alice")));
        await alice.JoinAsync(room);
        receiver.Down = true;

        for (var i = 1; i <= 3; i++)
        {
            await alice.SendAsync(room, $"m{i}", $"m{i}");
        }
        await alice.AckAsync("m3");
        var stalled = await Eventually.ValueAsync(
            async () => (await admin.ListStalledWebhooksAsync(new ListStalledWebhooksRequest(), asAdmin)).Stalled.SingleOrDefault(),
            "the room listed as stalled at audit");
        receiver.Down = false;
        var replayed = await admin.ReplayWebhookAsync(new ReplayWebhookRequest { Endpoint = "audit", Kind = TopicKind.ChatRoom, Id = room, FromOffset = 1 }, asAdmin);
        await Eventually.TrueAsync(() => receiver.Accepted.SelectMany(d => d.Offsets).Count() == 3, "the three events accepted after the replay");
        var afterReplay = await admin.ListStalledWebhooksAsync(new ListStalledWebhooksRequest { Endpoint = "audit" }, asAdmin);
        await admin.ReplayWebhookAsync(new ReplayWebhookRequest { Endpoint = "audit", Kind = TopicKind.ChatRoom, Id = room, FromOffset = 2 }, asAdmin);
        await Eventually.TrueAsync(() => receiver.Accepted.SelectMany(d => d.Offsets).Count() == 5, "offsets 2 and 3 sent again");

        Assert.Equal(("audit", room, 0L), (stalled.Endpoint, stalled.Id, stalled.ConfirmedOffset));
        Assert.True(stalled.Failures >= 2);
        Assert.Equal("HTTP 503", stalled.LastFailure);
        Assert.Equal(0, replayed.ConfirmedOffset);
        Assert.Empty(afterReplay.Stalled);
        Assert.Equal([1L, 2, 3, 2, 3], receiver.Accepted.SelectMany(d => d.Offsets));
    }

    [Fact]
    public async Task A_replay_names_a_configured_endpoint_a_room_it_heard_and_an_offset_and_needs_the_admin_role()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:0:Name"] = "audit",
            ["Webhooks:Endpoints:0:Url"] = receiver.Url.ToString(),
            ["Webhooks:Endpoints:0:Secrets:0"] = "audit-secret-0123456789",
        });
        var admin = new AdminService.AdminServiceClient(server.NativeChannel());
        var asAdmin = Auth.Headers(server.Token(Ids.Unique("operator"), ["admin"]));
        async Task<StatusCode> Replay(ReplayWebhookRequest request, Metadata headers) =>
            await AccessCast.StatusOf(() => admin.ReplayWebhookAsync(request, headers).ResponseAsync);

        var invalid = await Assert.ThrowsAsync<RpcException>(async () =>
            await admin.ReplayWebhookAsync(new ReplayWebhookRequest { Kind = TopicKind.Game, Id = "game", FromOffset = 0 }, asAdmin));

        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("endpoint", invalid.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("kind", invalid.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("from_offset", invalid.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, await Replay(new ReplayWebhookRequest { Endpoint = "nobody", Kind = TopicKind.ChatRoom, Id = "lobby", FromOffset = 1 }, asAdmin));
        Assert.Equal(StatusCode.NotFound, await Replay(new ReplayWebhookRequest { Endpoint = "audit", Kind = TopicKind.ChatRoom, Id = Ids.Unique("unheard"), FromOffset = 1 }, asAdmin));
        Assert.Equal(StatusCode.PermissionDenied, await Replay(
            new ReplayWebhookRequest { Endpoint = "audit", Kind = TopicKind.ChatRoom, Id = "lobby", FromOffset = 1 }, Auth.Headers(server.Token(Ids.Unique("user")))));
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(async () =>
            await admin.ListStalledWebhooksAsync(new ListStalledWebhooksRequest { Endpoint = "nobody" }, asAdmin))).StatusCode);
    }

    [Fact]
    public async Task A_sender_whose_log_read_fails_tries_again_by_itself_and_delivers_without_a_new_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var log = new StallingEventLog(TimeProvider.System);
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Webhooks:Endpoints:0:Name"] = "audit",
            ["Webhooks:Endpoints:0:Url"] = receiver.Url.ToString(),
            ["Webhooks:Endpoints:0:Secrets:0"] = "audit-secret-0123456789",
            ["Webhooks:InitialRetryDelay"] = "00:00:00.100",
            ["Webhooks:MaxRetryDelay"] = "00:00:00.200",
        }, services: services => services.AddSingleton<IEventLog>(log));
        var room = Ids.Unique("room");
        await using var alice = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("alice")));
        await alice.JoinAsync(room);
        log.Failing = true;

        for (var i = 1; i <= 3; i++)
        {
            await alice.SendAsync(room, $"m{i}", $"m{i}");
        }
        await alice.AckAsync("m3");
        await Eventually.TrueAsync(() => log.FailedReads >= 2, "the sender's reads refused more than once");
        log.Failing = false;

        await Eventually.TrueAsync(() => receiver.Accepted.SelectMany(d => d.Offsets).Count() == 3, "the three events delivered once the log answers");
        Assert.Equal([1L, 2, 3], receiver.Accepted.SelectMany(d => d.Offsets));
    }
}
