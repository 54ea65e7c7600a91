using Grpc.Core;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Two silos of one cluster on one Redis (each its own host, ports and silo endpoint, in this process).</summary>
public sealed class ClusterTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private Dictionary<string, string?> ClusterSettings() => new()
    {
        ["Cluster:RedisConnectionString"] = redis.ConnectionString,
        ["Cluster:ClusterId"] = Ids.Unique("cluster"),
    };

    [Fact]
    public async Task Clients_on_different_silos_see_one_room_and_one_document_in_the_same_order()
    {
        var settings = ClusterSettings();
        await using var first = await TestServer.StartAsync(settings);
        await using var second = await TestServer.StartAsync(settings);
        var (room, document) = (Ids.Unique("room"), Ids.Unique("doc"));
        await using var alice = ChatStream.Open(first.NativeChannel(), first.Token(Ids.Unique("alice")));
        await using var bob = ChatStream.Open(second.NativeChannel(), second.Token(Ids.Unique("bob")));
        await using var aliceEdits = CollabStream.Open(first.NativeChannel(), first.Token(Ids.Unique("alice")));
        await using var bobEdits = CollabStream.Open(second.NativeChannel(), second.Token(Ids.Unique("bob")));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        await aliceEdits.OpenDocumentAsync(document);
        await bobEdits.OpenDocumentAsync(document);

        for (var i = 0; i < 40; i++)
        {
            await alice.SendAsync(room, $"a{i}");
            await bob.SendAsync(room, $"b{i}");
            await aliceEdits.ReplaceAsync(document, 0, 0, 0, "a");
            await bobEdits.ReplaceAsync(document, 0, 0, 0, "b");
        }

        var atAlice = await alice.MessagesAsync(room, 80);
        var atBob = await bob.MessagesAsync(room, 80);
        Assert.Equal(atAlice, atBob);
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), atAlice.Select(m => m.Offset));
        var editsAtAlice = await aliceEdits.EditsAsync(document, 80);
        var editsAtBob = await bobEdits.EditsAsync(document, 80);
        Assert.Equal(editsAtAlice, editsAtBob);
        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), editsAtAlice.Select(e => e.Revision));
    }

    [Fact]
    public async Task A_rooms_history_outlives_the_silo_that_held_it()
    {
        var settings = ClusterSettings();
        var room = Ids.Unique("room");
        var user = Ids.Unique("alice");
        Protos.Common.V1.StreamPosition position;
        await using (var first = await TestServer.StartAsync(settings))
        {
            await using var alice = ChatStream.Open(first.NativeChannel(), first.Token(user));
            var joined = await alice.JoinAsync(room);
            for (var i = 0; i < 5; i++)
            {
                await alice.SendAsync(room, $"m{i}");
            }
            await alice.MessagesAsync(room, 5);
            position = joined.Position;
        }
        await using var second = await TestServer.StartAsync(settings);
        await using var resumed = ChatStream.Open(second.NativeChannel(), second.Token(user));

        await resumed.JoinAsync(room, position);

        var messages = await resumed.MessagesAsync(room, 5);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], messages.Select(m => m.Content));
        Assert.DoesNotContain(resumed.Frames, f => f.ContinuityLost is not null);
    }

    [Fact]
    public async Task A_file_uploaded_through_one_silo_downloads_through_another()
    {
        var settings = ClusterSettings();
        await using var first = await TestServer.StartAsync(settings);
        await using var second = await TestServer.StartAsync(settings);
        var (user, room) = (Ids.Unique("sharer"), Ids.Unique("room"));
        await using (var member = ChatStream.Open(first.NativeChannel(), first.Token(user)))
        {
            await member.JoinAsync(room);
        }
        await using var uploader = await Client.ChatClient.ConnectAsync(new Client.RealtimeClientOptions
        {
            Address = first.GrpcAddress,
            TokenProvider = _ => ValueTask.FromResult(first.Token(user)),
        });
        const long size = (1024 * 1024) + 5;
        using var file = new GeneratedContentStream(size, seed: 8);

        var attachment = await uploader.UploadAsync(room, file, "cluster.bin", "application/octet-stream");
        using var sink = new HashingSinkStream();
        using var download = new Protos.Chat.V1.AttachmentService.AttachmentServiceClient(second.NativeChannel())
            .DownloadAttachment(new Protos.Chat.V1.DownloadRequest { AttachmentId = attachment.AttachmentId }, Auth.Headers(second.Token(user)));
        await foreach (var chunk in download.ResponseStream.ReadAllAsync())
        {
            await sink.WriteAsync(chunk.Data.Memory);
        }

        // Membership (joined once, through the first silo) and the file itself both live in the cluster.
        Assert.Equal(GeneratedContentStream.Hash(size, 8), sink.Hash());
        Assert.False(Directory.Exists(first.DataPath));
        Assert.False(Directory.Exists(second.DataPath));
    }

    [Fact]
    public async Task An_operator_on_one_silo_sees_both_and_drains_the_other_while_the_first_keeps_streaming()
    {
        var settings = ClusterSettings();
        settings["Admin:RegistrationInterval"] = "00:00:00.200";
        await using var first = await TestServer.StartAsync(settings);
        await using var second = await TestServer.StartAsync(settings);
        var room = Ids.Unique("room");
        await using var staying = ChatStream.Open(first.NativeChannel(), first.Token(Ids.Unique("staying")));
        await using var leaving = ChatStream.Open(second.NativeChannel(), second.Token(Ids.Unique("leaving")));
        await staying.JoinAsync(room);
        await leaving.JoinAsync(room);
        await AdminTests.ReportingSiloAsync(first);
        var admin = AdminTests.AdminClient(first);
        var headers = AdminTests.AdminHeaders(first);
        var secondSilo = await Eventually.ValueAsync(
            async () => (await admin.GetClusterOverviewAsync(new Protos.Admin.V1.GetClusterOverviewRequest(), headers)).Silos
                .FirstOrDefault(s => s.Silo == AdminTests.SiloAddress(second) && s.Reporting),
            "the second silo to report to an operator on the first");
        Assert.Equal(1, AdminTests.Count(secondSilo.Streams, "/realtime.chat.v1.ChatService/Chat"));

        var drained = await admin.DrainSiloAsync(new Protos.Admin.V1.DrainSiloRequest { Silo = secondSilo.Silo }, headers);

        Assert.Equal(1, drained.StreamsDrained);
        await leaving.FrameAsync(f => f.Reconnect is not null, "a reconnect hint on the drained silo");
        await Eventually.TrueAsync(() => leaving.Ended, "the drained silo's stream to end");
        await using var moved = ChatStream.Open(first.NativeChannel(), first.Token(Ids.Unique("moved")));
        await moved.JoinAsync(room);
        await staying.SendAsync(room, "still here");
        Assert.Equal("still here", Assert.Single(await moved.MessagesAsync(room, 1)).Content);
        Assert.False(staying.Ended);
        var overview = await admin.GetClusterOverviewAsync(new Protos.Admin.V1.GetClusterOverviewRequest(), headers);
        Assert.True(overview.Silos.Single(s => s.Silo == secondSilo.Silo).Draining);
        Assert.False(overview.Silos.Single(s => s.Silo == AdminTests.SiloAddress(first)).Draining);
        var inspected = await admin.InspectTopicAsync(new Protos.Admin.V1.InspectTopicRequest { Kind = Protos.Admin.V1.TopicKind.ChatRoom, Id = room }, headers);
        Assert.Contains(inspected.Silo, new[] { AdminTests.SiloAddress(first), AdminTests.SiloAddress(second) });
        Assert.Equal(1L, inspected.LastOffset);
    }
}
