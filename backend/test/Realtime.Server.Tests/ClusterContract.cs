using Grpc.Core;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>What a cluster of two silos does whatever Redis it runs on; <see cref="ClusterTests"/> and <see cref="RedisClusterTests"/> run it.</summary>
public abstract class ClusterContract(RedisFixture redis)
{
    protected virtual Dictionary<string, string?> ClusterSettings() => new()
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
        await using var aliceEdits = DocumentStream.Open(first.NativeChannel(), first.Token(Ids.Unique("alice")));
        await using var bobEdits = DocumentStream.Open(second.NativeChannel(), second.Token(Ids.Unique("bob")));
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
    public async Task Concurrent_senders_on_two_silos_are_stored_once_each_in_one_order_that_keeps_each_senders_order()
    {
        const int SendersPerSilo = 3;
        const int PerSender = 30;
        var settings = ClusterSettings();
        await using var first = await TestServer.StartAsync(settings);
        await using var second = await TestServer.StartAsync(settings);
        var room = Ids.Unique("room");
        await using var readerHere = ChatStream.Open(first.NativeChannel(), first.Token(Ids.Unique("reader")));
        await using var readerThere = ChatStream.Open(second.NativeChannel(), second.Token(Ids.Unique("reader")));
        await readerHere.JoinAsync(room);
        await readerThere.JoinAsync(room);
        var senders = new List<ChatStream>();
        foreach (var server in Enumerable.Repeat(first, SendersPerSilo).Concat(Enumerable.Repeat(second, SendersPerSilo)))
        {
            var sender = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("sender")));
            senders.Add(sender);
            await sender.JoinAsync(room);
        }
        const int Total = 2 * SendersPerSilo * PerSender;

        // Nobody waits for an ack: every stream's sends reach the room while others' appends are in flight.
        await Task.WhenAll(senders.Select((sender, s) => Task.Run(async () =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                await sender.SendAsync(room, $"{s}:{i}", $"{s}-{i}");
            }
            await sender.SendAsync(room, $"{s}:0", $"{s}-0");
        })));
        var here = await readerHere.MessagesAsync(room, Total);
        var there = await readerThere.MessagesAsync(room, Total);
        var acks = await Task.WhenAll(senders.Select(async (sender, s) => (Sender: s, Acks: await Task.WhenAll(
            Enumerable.Range(0, PerSender).Select(i => sender.AckAsync($"{s}-{i}"))), Resent: await sender.AckAsync($"{s}-0", occurrence: 2))));

        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), here.Select(m => m.Offset));
        Assert.Equal(here.Select(m => (m.Offset, m.Content)), there.Select(m => (m.Offset, m.Content)));
        var storedAt = here.ToDictionary(m => m.ClientMessageId, m => m.Offset);
        Assert.Equal(Total, storedAt.Count);
        foreach (var (s, senderAcks, resent) in acks)
        {
            Assert.All(senderAcks, ack => Assert.Equal((storedAt[ack.ClientMessageId], false), (ack.Offset, ack.Duplicate)));
            Assert.Equal((storedAt[$"{s}-0"], true), (resent.Offset, resent.Duplicate));
            var ownOrder = here.Where(m => m.ClientMessageId.StartsWith($"{s}-", StringComparison.Ordinal)).Select(m => m.Content);
            Assert.Equal(Enumerable.Range(0, PerSender).Select(i => $"{s}:{i}"), ownOrder);
        }
        foreach (var sender in senders)
        {
            await sender.DisposeAsync();
        }
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
        settings["SiloRegistry:RegistrationInterval"] = "00:00:00.200";
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
        var inspected = await admin.InspectTopicAsync(new Protos.Admin.V1.InspectTopicRequest { Kind = Protos.Common.V1.TopicKind.ChatRoom, Id = room }, headers);
        Assert.Contains(inspected.Silo, new[] { AdminTests.SiloAddress(first), AdminTests.SiloAddress(second) });
        Assert.Equal(1L, inspected.LastOffset);
    }

    [Fact]
    public async Task A_browser_sessions_commands_reach_it_through_any_silo()
    {
        var settings = ClusterSettings();
        settings["SiloRegistry:RegistrationInterval"] = "00:00:00.200";
        await using var first = await TestServer.StartAsync(settings);
        await using var second = await TestServer.StartAsync(settings);
        var (browser, room, document) = (Ids.Unique("browser"), Ids.Unique("room"), Ids.Unique("doc"));
        var (session, sessionId) = await SessionStream.OpenAsync(first.WebChannel(), first.Token(browser));
        await using var _ = session;
        await using var native = ChatStream.Open(second.NativeChannel(), second.Token(Ids.Unique("native")));
        await native.JoinAsync(room);
        await AdminTests.ReportingSiloAsync(first);
        var chat = new Protos.Chat.V1.ChatService.ChatServiceClient(second.WebChannel());
        var collab = new Protos.Collab.V1.CollaborationService.CollaborationServiceClient(second.WebChannel());
        var headers = Auth.Headers(second.Token(browser));

        await chat.JoinRoomInSessionAsync(new Protos.Chat.V1.JoinRoomInSessionRequest { SessionId = sessionId, Join = new Protos.Chat.V1.JoinRoom { RoomId = room } }, headers);
        for (var i = 0; i < 5; i++)
        {
            var ack = await chat.SendMessageInSessionAsync(new Protos.Chat.V1.SendMessageInSessionRequest
            {
                SessionId = sessionId,
                Send = new Protos.Chat.V1.SendMessage { RoomId = room, ClientMessageId = $"web-{i}", Content = $"through the other silo {i}" },
            }, headers);
            Assert.Equal(i + 1, ack.Ack.Offset);
        }
        var opened = await collab.OpenDocumentInSessionAsync(new Protos.Collab.V1.OpenDocumentInSessionRequest { SessionId = sessionId, Open = new Protos.Collab.V1.OpenDocument { DocumentId = document } }, headers);
        await collab.SubmitEditInSessionAsync(new Protos.Collab.V1.SubmitEditInSessionRequest
        {
            SessionId = sessionId,
            Edit = new Protos.Collab.V1.SubmitEdit { DocumentId = document, ClientEditId = "e1", BaseRevision = opened.Opened.Position.Offset, Replace = new Protos.Collab.V1.ReplaceRange { Text = "hi" } },
        }, headers);

        var atNative = await native.MessagesAsync(room, 5);
        var atSession = await Eventually.ValueAsync(
            () => session.Frames.Where(f => f.Chat?.Message is not null).Select(f => f.Chat.Message).ToList() is { Count: 5 } m ? m : null,
            "the session's own messages on its stream");
        Assert.Equal(atNative, atSession);
        Assert.All(atSession, m => Assert.Equal(browser, m.SenderId));
        await Eventually.TrueAsync(() => session.Frames.Any(f => f.Collab?.Edit?.ClientEditId == "e1"), "the forwarded edit on the session stream");

        var intruder = await Assert.ThrowsAsync<RpcException>(() => chat.SendMessageInSessionAsync(new Protos.Chat.V1.SendMessageInSessionRequest
        {
            SessionId = sessionId,
            Send = new Protos.Chat.V1.SendMessage { RoomId = room, ClientMessageId = "x", Content = "not mine" },
        }, Auth.Headers(second.Token(Ids.Unique("intruder")))).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, intruder.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => chat.SendMessageInSessionAsync(new Protos.Chat.V1.SendMessageInSessionRequest
        {
            SessionId = sessionId,
            Send = new Protos.Chat.V1.SendMessage { RoomId = room, ClientMessageId = "y", Content = "" },
        }, headers).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var gone = await Assert.ThrowsAsync<RpcException>(() => chat.JoinRoomInSessionAsync(new Protos.Chat.V1.JoinRoomInSessionRequest
        {
            SessionId = "abc~10.9.9.9:11111@1",
            Join = new Protos.Chat.V1.JoinRoom { RoomId = room },
        }, headers).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Lowering_access_through_one_silo_removes_the_streams_another_silo_holds()
    {
        var settings = ClusterSettings();
        settings["SiloRegistry:RegistrationInterval"] = "00:00:00.200";
        await using var first = await TestServer.StartAsync(settings);
        await using var second = await TestServer.StartAsync(settings);
        var (owner, guest, room) = (Ids.Unique("owner"), Ids.Unique("guest"), Ids.Unique("room"));
        await new Protos.Chat.V1.ChatService.ChatServiceClient(first.NativeChannel()).CreateRoomAsync(
            new Protos.Chat.V1.CreateRoomRequest { RoomId = room }, Auth.Headers(first.Token(owner)));
        await using var guestStream = ChatStream.Open(second.NativeChannel(), second.Token(guest));
        await using var ownerStream = ChatStream.Open(first.NativeChannel(), first.Token(owner));
        await guestStream.JoinAsync(room);
        await ownerStream.JoinAsync(room);
        await AdminTests.ReportingSiloAsync(second);

        var access = new Protos.Access.V1.AccessService.AccessServiceClient(first.NativeChannel());
        var topic = new Protos.Common.V1.TopicRef { Kind = Protos.Common.V1.TopicKind.ChatRoom, Id = room };
        var policy = (await access.GetAccessAsync(new Protos.Access.V1.GetAccessRequest { Topic = topic }, Auth.Headers(first.Token(owner)))).Policy;
        policy.Visibility = Protos.Common.V1.Visibility.Private;
        await access.UpdateAccessAsync(new Protos.Access.V1.UpdateAccessRequest { Topic = topic, Policy = policy }, Auth.Headers(first.Token(owner)));
        var removed = await guestStream.FrameAsync(f => f.Left?.RoomId == room, "the guest's stream on the other silo removed from the room");
        await ownerStream.SendAsync(room, "members only", "after");
        await ownerStream.AckAsync("after");
        await guestStream.WriteAsync(new Protos.Chat.V1.ChatClientFrame { Join = new Protos.Chat.V1.JoinRoom { RoomId = room } });
        var rejoin = await guestStream.ErrorAsync(e => e.Command == Protos.Chat.V1.CommandKind.Join, "the guest's rejoin refused");

        Assert.Equal((int)StatusCode.PermissionDenied, removed.Left.Reason.Code);
        Assert.Equal((int)StatusCode.PermissionDenied, rejoin.Error.Code);
        Assert.Empty(guestStream.Messages(room));
    }
}
