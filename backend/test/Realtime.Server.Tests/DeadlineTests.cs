using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains.Log;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Collab.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>A call's deadline reaches into the grain that serves it, so a slow storage read stops when the caller gives up.</summary>
[Trait("Tier", "integration")]
public sealed class DeadlineTests
{
    [Fact]
    public async Task A_history_read_past_its_deadline_is_cancelled_inside_the_grain_and_the_topic_serves_others_at_once()
    {
        var log = new StallingEventLog(TimeProvider.System);
        await using var server = await TestServer.StartAsync(services: s => s.AddSingleton<IEventLog>(log));
        var (room, doc, reader) = (Ids.Unique("room"), Ids.Unique("doc"), Ids.Unique("reader"));
        var headers = Auth.Headers(server.Token(reader));
        var chat = new ChatService.ChatServiceClient(server.NativeChannel());
        var collab = new CollaborationService.CollaborationServiceClient(server.NativeChannel());
        await using var writer = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("writer")));
        await writer.JoinAsync(room);
        await writer.SendAsync(room, "before", "m1");
        await writer.AckAsync("m1");
        await collab.CreateDocumentAsync(new CreateDocumentRequest { DocumentId = doc, InitialContent = "text" }, headers);

        log.Stalled = true;
        var clock = Stopwatch.StartNew();
        var messages = await Assert.ThrowsAsync<RpcException>(() => chat.ListMessagesAsync(
            new ListMessagesRequest { RoomId = room }, headers, deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);
        var history = await Assert.ThrowsAsync<RpcException>(() => collab.GetDocumentHistoryAsync(
            new GetDocumentHistoryRequest { DocumentId = doc }, headers, deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync);
        await Eventually.TrueAsync(() => log.CancelledReads == 2, "both stalled reads cancelled in their grains");
        await writer.SendAsync(room, "after", "m2");
        await writer.AckAsync("m2");
        var waited = clock.Elapsed;
        log.Stalled = false;
        var page = await chat.ListMessagesAsync(new ListMessagesRequest { RoomId = room }, headers);

        Assert.Equal((StatusCode.DeadlineExceeded, StatusCode.DeadlineExceeded), (messages.StatusCode, history.StatusCode));
        Assert.True(waited < TimeSpan.FromSeconds(10), $"the room was held for {waited}");
        Assert.Equal(["after", "before"], page.Messages.Select(m => m.Content));
    }
}
