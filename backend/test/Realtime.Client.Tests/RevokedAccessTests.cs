using Grpc.Core;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class RevokedAccessTests
{
    [Fact]
    public async Task A_client_removed_from_a_room_stops_using_it_and_does_not_rejoin_it_after_a_reconnect()
    {
        await using var server = await TestServer.StartAsync();
        await using var proxy = new TcpProxy(server.Ports.Grpc);
        var owner = Ids.Unique("owner");
        var guest = Ids.Unique("guest");
        var room = Ids.Unique("room");
        await using var ownerClient = await TestClients.ChatAsync(server.GrpcAddress, server.Token(owner));
        await using var guestClient = await TestClients.ChatAsync(proxy.Address, server.Token(guest));
        await ownerClient.CreateRoomAsync(room, "Open for now");
        await guestClient.JoinAsync(room);
        var received = ClientEvents.Collect(guestClient);

        using var access = TestClients.Access(server.GrpcAddress, server.Token(owner));
        await access.ChangeAsync(TopicKind.ChatRoom, room, policy => policy.Visibility = Visibility.Private);
        var removed = await Eventually.ValueAsync(() => ClientEvents.Snapshot(received).FirstOrDefault(f => f.Left?.RoomId == room)?.Left, "the guest removed from the room");
        var send = await Assert.ThrowsAsync<InvalidOperationException>(() => guestClient.SendAsync(room, "still here?"));
        proxy.DropAll();
        await Eventually.TrueAsync(() => guestClient.Connections == 2 && guestClient.IsConnected, "the guest reconnected");
        await ownerClient.JoinAsync(room);
        await ownerClient.SendAsync(room, "private now");

        Assert.Equal((int)StatusCode.PermissionDenied, removed.Reason.Code);
        Assert.Contains(room, send.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientEvents.Snapshot(received), f => f.Error is not null || f.Message is not null);
    }

    [Fact]
    public async Task A_document_client_closed_out_of_a_document_stops_editing_it()
    {
        await using var server = await TestServer.StartAsync();
        var owner = Ids.Unique("owner");
        var document = Ids.Unique("doc");
        await using var ownerClient = await TestClients.DocumentsAsync(server.GrpcAddress, server.Token(owner));
        await using var editor = await TestClients.DocumentsAsync(server.GrpcAddress, server.Token(Ids.Unique("editor")));
        await ownerClient.CreateDocumentAsync(document, "Shared for now", "draft");
        await editor.OpenAsync(document);
        var events = new List<DocumentEvent>();
        _ = Task.Run(async () =>
        {
            await foreach (var e in editor.ReadEventsAsync())
            {
                lock (events)
                {
                    events.Add(e);
                }
            }
        });

        using var access = TestClients.Access(server.GrpcAddress, server.Token(owner));
        await access.ChangeAsync(TopicKind.Document, document, policy => policy.Visibility = Visibility.Private);
        var closed = await Eventually.ValueAsync(() =>
        {
            lock (events)
            {
                return events.FirstOrDefault(e => e.Frame.Closed?.DocumentId == document)?.Frame.Closed;
            }
        }, "the editor closed out of the document");

        Assert.Equal((int)StatusCode.PermissionDenied, closed.Reason.Code);
        Assert.Throws<InvalidOperationException>(() => editor.Text(document));
        await Assert.ThrowsAsync<InvalidOperationException>(() => editor.InsertAsync(document, 0, "still mine?"));
        Assert.Equal("draft", (await ownerClient.GetDocumentAsync(document)).Snapshot.Content);
    }
}
