using Google.Protobuf;
using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.Server.Tests;

/// <summary>Attachment limits on servers of their own, with settings that make them quick to reach.</summary>
[Trait("Tier", "integration")]
public sealed class AttachmentLimitsTests(ITestOutputHelper output)
{
    private static async Task<(TestServer Server, ChatStream Member, string Room, Metadata Headers)> StartAsync(Dictionary<string, string?> settings)
    {
        var server = await TestServer.StartAsync(settings);
        var user = Ids.Unique("sharer");
        var room = Ids.Unique("room");
        var member = ChatStream.Open(server.NativeChannel(), server.Token(user));
        await member.JoinAsync(room);
        return (server, member, room, Auth.Headers(server.Token(user)));
    }

    private static UploadStart Start(string room, long size, string contentType = "text/plain") => new()
    {
        RoomId = room,
        UploadId = Ids.Unique("up"),
        FileName = "f.txt",
        ContentType = contentType,
        TotalSize = size,
    };

    [Fact]
    public async Task An_unfinished_upload_expires_and_new_uploads_past_the_per_minute_limit_are_refused()
    {
        var (server, member, room, headers) = await StartAsync(new Dictionary<string, string?>
        {
            ["Attachments:UploadExpiry"] = "00:00:01",
            ["Attachments:ExpirySweepInterval"] = "00:00:00.200",
            ["Attachments:UploadsPerUserPerMinute"] = "2",
        });
        await using var _ = server;
        await using var __ = member;
        var client = new AttachmentService.AttachmentServiceClient(server.NativeChannel());
        var partial = Start(room, 10);
        using (var call = client.UploadAttachment(headers))
        {
            await call.RequestStream.WriteAsync(new UploadChunk { Start = partial });
            await call.RequestStream.WriteAsync(new UploadChunk { Data = new UploadData { Offset = 0, Data = ByteString.CopyFromUtf8("hello") } });
            await call.RequestStream.CompleteAsync();
            Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync)).StatusCode);
        }
        var stored = await client.GetUploadStatusAsync(new GetUploadStatusRequest { UploadId = partial.UploadId }, headers);

        using (var second = client.UploadAttachment(headers))
        {
            await second.RequestStream.WriteAsync(new UploadChunk { Start = Start(room, 0) });
            await second.RequestStream.CompleteAsync();
            await second.ResponseAsync;
        }
        using var third = client.UploadAttachment(headers);
        await third.RequestStream.WriteAsync(new UploadChunk { Start = Start(room, 0) });
        await third.RequestStream.CompleteAsync();
        var limited = await Assert.ThrowsAsync<RpcException>(() => third.ResponseAsync);
        var expired = await Eventually.ValueAsync(async () =>
        {
            try
            {
                await client.GetUploadStatusAsync(new GetUploadStatusRequest { UploadId = partial.UploadId }, headers);
                return null;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
            {
                return ex;
            }
        }, "the partial upload to expire");

        Assert.Equal(5, stored.StoredBytes);
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        await Eventually.TrueAsync(
            () => !Directory.EnumerateFiles(Path.Combine(server.DataPath, "uploads")).Any(),
            "the finished upload's record to expire too");
    }

    [Fact]
    public async Task Memory_stays_flat_while_a_large_file_moves_up_and_down()
    {
        var (server, member, room, headers) = await StartAsync(new Dictionary<string, string?>());
        await using var _ = server;
        await using var __ = member;
        var client = new AttachmentService.AttachmentServiceClient(server.NativeChannel());
        const long size = 48L * 1024 * 1024;
        using var file = new GeneratedContentStream(size, seed: 3);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        void Sample(long done)
        {
            // Live memory, every 4 MiB moved: a transfer that buffered the file would show it here.
            if (done % (4 * 1024 * 1024) == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        using var upload = client.UploadAttachment(headers);
        await upload.RequestStream.WriteAsync(new UploadChunk { Start = Start(room, size, "application/octet-stream") });
        var buffer = new byte[32 * 1024];
        for (long offset = 0; offset < size; offset += buffer.Length)
        {
            var read = await file.ReadAsync(buffer);
            await upload.RequestStream.WriteAsync(new UploadChunk { Data = new UploadData { Offset = offset, Data = ByteString.CopyFrom(buffer, 0, read) } });
            Sample(offset + read);
        }
        await upload.RequestStream.CompleteAsync();
        var attachment = await upload.ResponseAsync;
        using var sink = new HashingSinkStream();
        using var download = client.DownloadAttachment(new DownloadRequest { AttachmentId = attachment.AttachmentId }, headers);
        await foreach (var chunk in download.ResponseStream.ReadAllAsync())
        {
            await sink.WriteAsync(chunk.Data.Memory);
            Sample(sink.Length);
        }

        output.WriteLine($"live memory above baseline while 2 × 48 MiB moved: peak {peak / 1024.0 / 1024:F2} MiB");
        Assert.Equal(GeneratedContentStream.Hash(size, 3), sink.Hash());
        Assert.True(peak < 8 * 1024 * 1024, $"live memory grew by {peak / 1024 / 1024.0:F1} MiB while 2 × 48 MiB moved");
    }
}
