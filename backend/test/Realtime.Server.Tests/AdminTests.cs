using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Protos.Admin.V1;
using Realtime.Protos.Common.V1;
using Realtime.Protos.Game.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>The operator surface on one embedded server (each test its own, since draining is server-wide).</summary>
[Trait("Tier", "integration")]
public sealed class AdminTests
{
    private const string ChatMethod = "/realtime.chat.v1.ChatService/Chat";
    private const string CollabMethod = "/realtime.collab.v1.CollaborationService/Collaborate";

    private static readonly Dictionary<string, string?> FastRegistration = new() { ["SiloRegistry:RegistrationInterval"] = "00:00:00.200" };

    [Fact]
    public async Task Overview_counts_the_silos_streams_by_method_and_its_topics_by_kind()
    {
        await using var server = await TestServer.StartAsync(FastRegistration);
        var room = Ids.Unique("room");
        await using var alice = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("alice")));
        await using var bob = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("bob")));
        await using var carol = DocumentStream.Open(server.NativeChannel(), server.Token(Ids.Unique("carol")));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        await carol.OpenDocumentAsync(Ids.Unique("doc"));

        var silo = await ReportingSiloAsync(server);

        Assert.Equal(SiloAddress(server), silo.Silo);
        Assert.Equal(Protos.Admin.V1.SiloStatus.Active, silo.Status);
        Assert.False(silo.Draining);
        Assert.Equal(2, Count(silo.Streams, ChatMethod));
        Assert.Equal(1, Count(silo.Streams, CollabMethod));
        Assert.Equal(1, Count(silo.SubscribedTopics, "chat"));
        Assert.Equal(1, Count(silo.SubscribedTopics, "doc"));
        Assert.True(Count(silo.ActiveTopics, "chat") >= 1);
        Assert.True(Count(silo.ActiveTopics, "doc") >= 1);
    }

    [Fact]
    public async Task Only_tokens_with_the_admin_role_reach_any_admin_method()
    {
        await using var server = await TestServer.StartAsync();
        var admin = new AdminService.AdminServiceClient(server.NativeChannel());
        var calls = new Func<Metadata?, Task>[]
        {
            headers => admin.GetClusterOverviewAsync(new GetClusterOverviewRequest(), headers).ResponseAsync,
            headers => admin.DrainSiloAsync(new DrainSiloRequest { Silo = SiloAddress(server) }, headers).ResponseAsync,
            headers => admin.ResumeSiloAsync(new ResumeSiloRequest { Silo = SiloAddress(server) }, headers).ResponseAsync,
            headers => admin.ShedStreamsAsync(new ShedStreamsRequest { Silo = SiloAddress(server), Fraction = 1 }, headers).ResponseAsync,
            headers => admin.InspectTopicAsync(new InspectTopicRequest { Kind = TopicKind.ChatRoom, Id = "lobby" }, headers).ResponseAsync,
        };
        var user = Auth.Headers(server.Token(Ids.Unique("user")));
        var otherRole = Auth.Headers(server.Token(Ids.Unique("mod"), ["moderator"]));

        foreach (var call in calls)
        {
            Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => call(null))).StatusCode);
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => call(user))).StatusCode);
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => call(otherRole))).StatusCode);
        }
        await using var stream = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("u")));
        await stream.JoinAsync(Ids.Unique("room"));
        Assert.False(stream.Ended);
    }

    [Fact]
    public async Task Drain_hints_every_stream_turns_health_not_serving_and_turns_new_streams_away_until_resumed()
    {
        await using var server = await TestServer.StartAsync(FastRegistration);
        var admin = AdminClient(server);
        var room = Ids.Unique("room");
        await using var first = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("a")));
        await using var second = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("b")));
        await first.JoinAsync(room);
        await second.JoinAsync(room);
        await first.SendAsync(room, "before the drain");
        var sent = Assert.Single(await second.MessagesAsync(room, 1));
        await ReportingSiloAsync(server);

        var drained = await admin.DrainSiloAsync(new DrainSiloRequest { Silo = SiloAddress(server) }, AdminHeaders(server));

        Assert.Equal(2, drained.StreamsDrained);
        foreach (var stream in new[] { first, second })
        {
            var hint = (await stream.FrameAsync(f => f.Reconnect is not null, "reconnect hint")).Reconnect;
            Assert.Equal(sent.Offset, Assert.Single(hint.Rooms).Position.Offset);
            await Eventually.TrueAsync(() => stream.Ended, "the drained stream to end");
            Assert.Null(stream.Failure);
        }
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await Health(server)).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await Health(server, "liveness")).Status);
        await using (var late = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("late"))))
        {
            await late.FrameAsync(f => f.Reconnect is not null, "a reconnect hint for a stream opened while draining");
            await Eventually.TrueAsync(() => late.Ended, "the late stream to end");
        }
        Assert.True((await ReportingSiloAsync(server)).Draining);

        await admin.ResumeSiloAsync(new ResumeSiloRequest { Silo = SiloAddress(server) }, AdminHeaders(server));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await Health(server)).Status);
        await using var resumed = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("c")));
        var joined = await resumed.JoinAsync(room);
        Assert.Equal(sent.Offset, joined.Position.Offset);
        Assert.False(resumed.Ended);
        Assert.False((await ReportingSiloAsync(server)).Draining);
    }

    [Fact]
    public async Task Shed_hints_the_requested_fraction_and_the_rest_keep_streaming()
    {
        await using var server = await TestServer.StartAsync(FastRegistration);
        var room = Ids.Unique("room");
        var streams = new List<ChatStream>();
        for (var i = 0; i < 4; i++)
        {
            var stream = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique($"u{i}")));
            streams.Add(stream);
            await stream.JoinAsync(room);
        }
        await ReportingSiloAsync(server);
        try
        {
            var shed = await AdminClient(server).ShedStreamsAsync(new ShedStreamsRequest { Silo = SiloAddress(server), Fraction = 0.5 }, AdminHeaders(server));

            Assert.Equal((2, 2), (shed.StreamsShed, shed.StreamsRemaining));
            await Eventually.TrueAsync(() => streams.Count(s => s.Ended) == 2, "two shed streams to end");
            var hinted = streams.Where(s => s.Frames.Any(f => f.Reconnect is not null)).ToArray();
            var kept = streams.Where(s => !s.Ended).ToArray();
            Assert.Equal(2, hinted.Length);
            Assert.All(hinted, s => Assert.True(s.Ended));
            await kept[0].SendAsync(room, "after the shed");
            Assert.Equal("after the shed", Assert.Single(await kept[1].MessagesAsync(room, 1)).Content);
            Assert.Equal(2, Count((await ReportingSiloAsync(server)).Streams, ChatMethod));
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Levers_refuse_bad_arguments_and_unknown_silos_precisely()
    {
        await using var server = await TestServer.StartAsync(FastRegistration);
        var admin = AdminClient(server);
        var headers = AdminHeaders(server);
        await ReportingSiloAsync(server);

        foreach (var fraction in new[] { 0, -0.5, 1.5, double.NaN })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => admin.ShedStreamsAsync(new ShedStreamsRequest { Silo = SiloAddress(server), Fraction = fraction }, headers).ResponseAsync);
            Assert.Equal((StatusCode.InvalidArgument, "fraction"), (refused.StatusCode, Violations(refused).Single()));
        }
        var empty = await Assert.ThrowsAsync<RpcException>(() => admin.DrainSiloAsync(new DrainSiloRequest(), headers).ResponseAsync);
        Assert.Equal((StatusCode.InvalidArgument, "silo"), (empty.StatusCode, Violations(empty).Single()));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => admin.DrainSiloAsync(new DrainSiloRequest { Silo = "10.9.9.9:11111@1" }, headers).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.False((await ReportingSiloAsync(server)).Draining);
    }

    [Fact]
    public async Task Inspect_shows_a_topics_position_presence_host_and_kind_details()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["Chat:PresenceBatchInterval"] = "00:00:00.050" });
        var admin = AdminClient(server);
        var headers = AdminHeaders(server);
        var (room, document, game) = (Ids.Unique("room"), Ids.Unique("doc"), Ids.Unique("game"));
        var (alice, bob) = (Ids.Unique("alice"), Ids.Unique("bob"));
        await using var aliceChat = ChatStream.Open(server.NativeChannel(), server.Token(alice));
        await using var bobChat = ChatStream.Open(server.NativeChannel(), server.Token(bob));
        await aliceChat.JoinAsync(room);
        await bobChat.JoinAsync(room);
        for (var i = 0; i < 3; i++)
        {
            await aliceChat.SendAsync(room, $"m{i}");
        }
        await bobChat.MessagesAsync(room, 3);
        await using var editor = DocumentStream.Open(server.NativeChannel(), server.Token(alice));
        await editor.OpenDocumentAsync(document);
        await editor.ReplaceAsync(document, 0, 0, 0, "héllo");
        await editor.EditsAsync(document, 1);
        await new GameService.GameServiceClient(server.NativeChannel()).CreateGameAsync(
            new CreateGameRequest { GameId = game, Access = new AccessPolicy { Visibility = Visibility.Private, Members = { new AccessGrant { UserId = alice, Role = AccessRole.Reader } } } },
            Auth.Headers(server.Token(bob)));

        var roomView = await admin.InspectTopicAsync(new InspectTopicRequest { Kind = TopicKind.ChatRoom, Id = room }, headers);
        var documentView = await admin.InspectTopicAsync(new InspectTopicRequest { Kind = TopicKind.Document, Id = document }, headers);
        var gameView = await admin.InspectTopicAsync(new InspectTopicRequest { Kind = TopicKind.Game, Id = game }, headers);

        Assert.Equal(($"chat/{room}", 3L, 2, SiloAddress(server)), (roomView.Topic, roomView.LastOffset, roomView.Connections, roomView.Silo));
        Assert.Equal(new[] { alice, bob }.Order(StringComparer.Ordinal), roomView.PresentUsers);
        Assert.Equal(room, roomView.ChatRoom.DisplayName);
        Assert.Equal((1L, 5, 1L), (documentView.Document.Revision, documentView.Document.Length, documentView.LastOffset));
        Assert.Equal(new[] { alice }, documentView.PresentUsers);
        Assert.Equal((bob, Protos.Game.V1.GameStatus.Waiting), (gameView.CreatedBy, gameView.Game.Status));
        Assert.Equal((alice, Visibility.Public), (roomView.Access.OwnerId, roomView.Access.Visibility));
        Assert.Equal((bob, Visibility.Private, alice, AccessRole.Reader), (gameView.Access.OwnerId, gameView.Access.Visibility, gameView.Access.Members.Single().UserId, gameView.Access.Members.Single().Role));

        var missing = await Assert.ThrowsAsync<RpcException>(() => admin.InspectTopicAsync(new InspectTopicRequest { Kind = TopicKind.Document, Id = Ids.Unique("none") }, headers).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => admin.InspectTopicAsync(new InspectTopicRequest { Id = "bad id!" }, headers).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Equal(["kind", "id"], Violations(invalid));
    }

    internal static AdminService.AdminServiceClient AdminClient(TestServer server) => new(server.NativeChannel());

    internal static Metadata AdminHeaders(TestServer server) => Auth.Headers(server.Token(Ids.Unique("operator"), ["admin"]));

    internal static string SiloAddress(TestServer server) =>
        server.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.ToParsableString();

    /// <summary>This server's silo in the overview, once its control registration is in.</summary>
    internal static async Task<SiloOverview> ReportingSiloAsync(TestServer server)
    {
        var admin = AdminClient(server);
        var headers = AdminHeaders(server);
        return await Eventually.ValueAsync(
            async () => (await admin.GetClusterOverviewAsync(new GetClusterOverviewRequest(), headers)).Silos.FirstOrDefault(s => s.Silo == SiloAddress(server) && s.Reporting),
            "the silo to report in the overview");
    }

    internal static int Count(IEnumerable<KindCount> counts, string kind) => counts.FirstOrDefault(c => c.Kind == kind)?.Count ?? 0;

    private static string[] Violations(RpcException exception) =>
        [.. exception.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field)];

    private static async Task<HealthCheckResponse> Health(TestServer server, string service = "") =>
        await new Grpc.Health.V1.Health.HealthClient(server.NativeChannel()).CheckAsync(new HealthCheckRequest { Service = service });
}
