using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Two server instances with attachments in one Redis: a file stored through one is served by the other.</summary>
[Trait("Tier", "cluster")]
public sealed class SharedAttachmentStorageTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task A_file_uploaded_through_one_instance_downloads_through_another()
    {
        var settings = new Dictionary<string, string?> { ["Attachments:RedisConnectionString"] = redis.ConnectionString };
        await using var first = await TestServer.StartAsync(settings);
        await using var second = await TestServer.StartAsync(settings);
        var (user, room) = (Ids.Unique("sharer"), Ids.Unique("room"));
        await using var onFirst = ChatStream.Open(first.NativeChannel(), first.Token(user));
        await using var onSecond = ChatStream.Open(second.NativeChannel(), second.Token(user));
        await onFirst.JoinAsync(room);
        await onSecond.JoinAsync(room);
        const long size = 2L * 1024 * 1024 + 17;
        using var file = new GeneratedContentStream(size, seed: 4);

        await using var uploader = await Realtime.Client.ChatClient.ConnectAsync(new Realtime.Client.RealtimeClientOptions
        {
            Address = first.GrpcAddress,
            TokenProvider = _ => ValueTask.FromResult(first.Token(user)),
        });
        var attachment = await uploader.UploadAsync(room, file, "shared.bin", "application/octet-stream");
        using var sink = new HashingSinkStream();
        using var download = new AttachmentService.AttachmentServiceClient(second.NativeChannel())
            .DownloadAttachment(new DownloadRequest { AttachmentId = attachment.AttachmentId }, Auth.Headers(second.Token(user)));
        await foreach (var chunk in download.ResponseStream.ReadAllAsync())
        {
            await sink.WriteAsync(chunk.Data.Memory);
        }

        Assert.Equal(size, sink.Length);
        Assert.Equal(GeneratedContentStream.Hash(size, 4), sink.Hash());
        Assert.False(Directory.Exists(first.DataPath), "the file went to Redis, not the instance's folder");
    }
}
