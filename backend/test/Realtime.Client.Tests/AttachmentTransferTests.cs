using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class AttachmentTransferTests
{
    private const long CutEvery = 1024 * 1024;

    [Fact]
    public async Task The_SDK_finishes_an_upload_and_a_download_across_dropped_connections()
    {
        await using var server = await TestServer.StartAsync();
        await using var proxy = new TcpProxy(server.Ports.Grpc);
        var user = Ids.Unique("sharer");
        var token = server.Token(user);
        await using var client = await ChatClient.ConnectAsync(new RealtimeClientOptions
        {
            Address = proxy.Address,
            TokenProvider = _ => ValueTask.FromResult(token),
            InitialReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(300),
        });
        var room = Ids.Unique("room");
        await client.JoinAsync(room);
        ClientEvents.Drain(client);
        const long size = 6L * 1024 * 1024;
        using var file = new GeneratedContentStream(size, seed: 9);
        using var cutting = new CancellationTokenSource();
        var drops = 0;
        // Cut by progress, not by the clock: every connection carries about 1 MiB, then drops, however slow the machine.
        var cutter = Task.Run(async () =>
        {
            var next = proxy.BytesForwarded + CutEvery;
            while (!cutting.IsCancellationRequested)
            {
                await Task.Delay(10, CancellationToken.None);
                if (proxy.BytesForwarded >= next)
                {
                    proxy.DropAll();
                    drops++;
                    next = proxy.BytesForwarded + CutEvery;
                }
            }
        });

        var attachment = await client.UploadAsync(room, file, "big.bin", "application/octet-stream").WaitAsync(TestTimeouts.Wait * 3);
        using var sink = new HashingSinkStream();
        var downloaded = await client.DownloadAsync(attachment.AttachmentId, sink).WaitAsync(TestTimeouts.Wait * 3);
        await cutting.CancelAsync();
        await cutter;

        Assert.Equal(size, sink.Length);
        Assert.Equal(GeneratedContentStream.Hash(size, 9), sink.Hash());
        Assert.Equal(attachment.AttachmentId, downloaded.AttachmentId);
        Assert.True(drops >= 6, $"{drops} connections dropped during 12 MiB of transfer");
    }

    [Fact]
    public async Task An_upload_retried_by_its_id_after_it_finished_returns_the_same_attachment_and_posts_once()
    {
        await using var server = await TestServer.StartAsync();
        var token = server.Token(Ids.Unique("sharer"));
        await using var client = await ChatClient.ConnectAsync(new RealtimeClientOptions
        {
            Address = server.GrpcAddress,
            TokenProvider = _ => ValueTask.FromResult(token),
        });
        var events = ClientEvents.Collect(client);
        var room = Ids.Unique("room");
        await client.JoinAsync(room);
        var uploadId = Ids.Unique("upload");
        using var file = new GeneratedContentStream(100_000, seed: 3);

        var first = await client.UploadAsync(room, file, "a.bin", "application/octet-stream", uploadId).WaitAsync(TestTimeouts.Wait);
        file.Position = 0;
        var retried = await client.UploadAsync(room, file, "a.bin", "application/octet-stream", uploadId).WaitAsync(TestTimeouts.Wait);
        await client.SendAsync(room, "after the retry").WaitAsync(TestTimeouts.Wait);
        await Eventually.TrueAsync(() => Messages(events).Any(m => m.Content == "after the retry"), "the message sent after the retry");

        Assert.Equal(first, retried);
        Assert.Equal(first.MessageOffset, Assert.Single(Messages(events), m => m.Attachment is not null).Offset);
    }

    private static List<ChatMessage> Messages(List<ChatServerFrame> events)
    {
        lock (events)
        {
            return [.. events.Where(e => e.Message is not null).Select(e => e.Message)];
        }
    }
}
