using Google.Protobuf;
using Grpc.Core;
using Realtime.Protos.Chat.V1;
using Realtime.Server.Attachments;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class AttachmentTests(ServerFixture fixture)
{
    private const int Chunk = 32 * 1024;

    private TestServer Server => fixture.Server;

    private AttachmentService.AttachmentServiceClient Client() => new(Server.NativeChannel());

    private static UploadStart Start(string room, string uploadId, long size, byte[] hash, string contentType = "application/octet-stream") => new()
    {
        RoomId = room,
        UploadId = uploadId,
        FileName = "data.bin",
        ContentType = contentType,
        TotalSize = size,
        Sha256 = ByteString.CopyFrom(hash),
    };

    /// <summary>Sends bytes [from, to) of a generated file on an open upload call.</summary>
    private static async Task SendRangeAsync(AsyncClientStreamingCall<UploadChunk, Attachment> call, GeneratedContentStream file, long from, long to)
    {
        file.Position = from;
        var buffer = new byte[Chunk];
        for (var offset = from; offset < to; offset += Chunk)
        {
            var read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(Chunk, to - offset)));
            await call.RequestStream.WriteAsync(new UploadChunk { Data = new UploadData { Offset = offset, Data = ByteString.CopyFrom(buffer, 0, read) } });
        }
    }

    private async Task<(ChatStream Member, string Room, Metadata Headers)> JoinedMemberAsync()
    {
        var user = Ids.Unique("sharer");
        var room = Ids.Unique("room");
        var member = ChatStream.Open(Server.NativeChannel(), Server.Token(user));
        await member.JoinAsync(room);
        return (member, room, Auth.Headers(Server.Token(user)));
    }

    [Fact]
    public async Task An_interrupted_upload_resumes_from_the_stored_offset_and_the_room_gets_a_message_referencing_the_file()
    {
        var (member, room, headers) = await JoinedMemberAsync();
        await using var _ = member;
        const long size = (3 * 1024 * 1024) + 123;
        using var file = new GeneratedContentStream(size, seed: 1);
        var hash = GeneratedContentStream.Hash(size, 1);
        var uploadId = Ids.Unique("up");

        using (var broken = Client().UploadAttachment(headers))
        {
            await broken.RequestStream.WriteAsync(new UploadChunk { Start = Start(room, uploadId, size, hash) });
            await SendRangeAsync(broken, file, 0, 40 * Chunk);
            await Eventually.ValueAsync(async () =>
                (await Client().GetUploadStatusAsync(new GetUploadStatusRequest { UploadId = uploadId }, headers)) is { StoredBytes: 40 * Chunk } s ? s : null,
                "40 chunks stored");
        }
        // The server may not have seen the broken call end yet: it says so (Aborted) and a client resumes again.
        var attachment = await Eventually.ValueAsync(async () =>
        {
            var status = await Client().GetUploadStatusAsync(new GetUploadStatusRequest { UploadId = uploadId }, headers);
            using var resumed = Client().UploadAttachment(headers);
            try
            {
                await resumed.RequestStream.WriteAsync(new UploadChunk { Start = Start(room, uploadId, size, hash) });
                await SendRangeAsync(resumed, file, status.StoredBytes, size);
                await resumed.RequestStream.CompleteAsync();
                return await resumed.ResponseAsync;
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Aborted)
            {
                return null;
            }
        }, "the upload resumed once the broken call ended");

        Assert.Equal(size, attachment.Size);
        Assert.Equal(hash, attachment.Sha256.ToByteArray());
        var message = (await member.FrameAsync(f => f.Message?.Attachment is not null, "the message sharing the file")).Message;
        Assert.Equal((attachment.AttachmentId, "data.bin", size, attachment.MessageOffset), (message.Attachment.AttachmentId, message.Attachment.FileName, message.Attachment.Size, message.Offset));
        var finished = await Client().GetUploadStatusAsync(new GetUploadStatusRequest { UploadId = uploadId }, headers);
        Assert.Equal((size, attachment.AttachmentId), (finished.StoredBytes, finished.AttachmentId));

        // A retry whose answer was lost: the same start again gets the same attachment, and the room no second message.
        using (var retried = Client().UploadAttachment(headers))
        {
            await retried.RequestStream.WriteAsync(new UploadChunk { Start = Start(room, uploadId, size, hash) });
            await retried.RequestStream.CompleteAsync();
            Assert.Equal(attachment, await retried.ResponseAsync);
        }
        await member.SendAsync(room, "after the retry");
        await member.FrameAsync(f => f.Message?.Content == "after the retry", "the message sent after the retry");
        Assert.Single(member.Messages(room), m => m.Attachment is not null);

        // An interrupted download continues at the byte the client has.
        using var sink = new HashingSinkStream();
        using (var first = Client().DownloadAttachment(new DownloadRequest { AttachmentId = attachment.AttachmentId }, headers))
        {
            for (var i = 0; i < 10 && await first.ResponseStream.MoveNext(CancellationToken.None); i++)
            {
                await sink.WriteAsync(first.ResponseStream.Current.Data.Memory);
            }
        }
        using var rest = Client().DownloadAttachment(new DownloadRequest { AttachmentId = attachment.AttachmentId, StartOffset = sink.Length }, headers);
        await foreach (var chunk in rest.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(sink.Length, chunk.Offset);
            await sink.WriteAsync(chunk.Data.Memory);
        }
        Assert.Equal(size, sink.Length);
        Assert.Equal(hash, sink.Hash());
    }

    [Fact]
    public async Task Bad_uploads_and_outsiders_get_precise_statuses_and_nothing_is_stored()
    {
        var (member, room, headers) = await JoinedMemberAsync();
        await using var _ = member;
        using var file = new GeneratedContentStream(100_000, seed: 2);
        var wrongHash = new byte[32];
        var filesBefore = StoredFiles();

        var refusedIds = Enumerable.Range(0, 3).Select(_ => Ids.Unique("up")).ToArray();
        var mismatch = await RefusedUploadAsync(Start(room, refusedIds[0], 100_000, wrongHash), headers, file);
        var oversized = await RefusedUploadAsync(Start(room, refusedIds[1], 200L * 1024 * 1024, []), headers, file);
        var disallowed = await RefusedUploadAsync(Start(room, refusedIds[2], 100_000, [], "application/x-msdownload"), headers, file);
        var outsider = await RefusedUploadAsync(Start(room, Ids.Unique("up"), 100_000, []), Auth.Headers(Server.Token(Ids.Unique("outsider"))), file);
        var shared = await ShareAsync(room, headers, file);
        var outsiderDownload = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = Client().DownloadAttachment(new DownloadRequest { AttachmentId = shared.AttachmentId }, Auth.Headers(Server.Token(Ids.Unique("outsider"))));
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.DataLoss, mismatch.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, disallowed.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, outsider.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, outsiderDownload.StatusCode);
        Assert.Equal(filesBefore + 1, StoredFiles());
        foreach (var refused in refusedIds)
        {
            var status = await Assert.ThrowsAsync<RpcException>(() => Client().GetUploadStatusAsync(new GetUploadStatusRequest { UploadId = refused }, headers).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, status.StatusCode);
        }
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Server.DataPath, "uploads"), "*.part"));
    }

    [Fact]
    public async Task An_upload_whose_stored_part_is_gone_is_refused_at_once_not_left_to_retry_forever()
    {
        var user = Ids.Unique("sharer");
        var room = Ids.Unique("room");
        await using var member = ChatStream.Open(Server.NativeChannel(), Server.Token(user));
        await member.JoinAsync(room);
        var headers = Auth.Headers(Server.Token(user));
        using var file = new GeneratedContentStream(4 * Chunk, seed: 4);
        var uploadId = Ids.Unique("up");
        var start = Start(room, uploadId, file.Length, GeneratedContentStream.Hash(file.Length, 4));
        using (var partial = Client().UploadAttachment(headers))
        {
            await partial.RequestStream.WriteAsync(new UploadChunk { Start = start });
            await SendRangeAsync(partial, file, 0, Chunk);
            await partial.RequestStream.CompleteAsync();
            Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => partial.ResponseAsync)).StatusCode);
        }
        File.Delete(Path.Combine(Server.DataPath, "uploads", StorageKeys.Upload(user, uploadId) + ".part"));

        var refused = await RefusedUploadAsync(start, headers, file);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("new upload id", refused.Status.Detail);
    }

    /// <summary>Sends a whole upload that the server is expected to refuse, and returns the refusal.</summary>
    private async Task<RpcException> RefusedUploadAsync(UploadStart start, Metadata headers, GeneratedContentStream file)
    {
        using var call = Client().UploadAttachment(headers);
        try
        {
            await call.RequestStream.WriteAsync(new UploadChunk { Start = start });
            await SendRangeAsync(call, file, 0, start.TotalSize);
            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server may end the call before every chunk is written; its status follows.
        }
        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
    }

    private int StoredFiles() => Directory.EnumerateFiles(Path.Combine(Server.DataPath, "files"), "*.bin").Count();

    private async Task<Attachment> ShareAsync(string room, Metadata headers, GeneratedContentStream file)
    {
        using var call = Client().UploadAttachment(headers);
        await call.RequestStream.WriteAsync(new UploadChunk { Start = Start(room, Ids.Unique("up"), file.Length, []) });
        await SendRangeAsync(call, file, 0, file.Length);
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }
}
