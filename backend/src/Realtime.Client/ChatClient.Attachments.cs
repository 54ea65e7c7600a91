using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Realtime.Protos.Chat.V1;

namespace Realtime.Client;

public sealed partial class ChatClient
{
    /// <summary>Upload chunk size: inside the server's default 64 KiB message limit.</summary>
    public const int UploadChunkBytes = 32 * 1024;

    private static readonly StatusCode[] TransferRetryable = [StatusCode.Unavailable, StatusCode.Internal, StatusCode.DeadlineExceeded, StatusCode.Aborted];

    /// <summary>
    /// Shares a file in a joined room: streams <paramref name="content"/> up in chunks (hashing it
    /// on the way) and, when the connection breaks, asks the server how much it stored and continues
    /// from there (the stream must be seekable for that). The room gets a message referencing the file.
    /// Given the <paramref name="uploadId"/> of an upload begun earlier (by a process that stopped), it
    /// continues that one, or returns its attachment if it already finished.
    /// </summary>
    public async Task<Attachment> UploadAsync(string roomId, Stream content, string fileName, string contentType, string? uploadId = null, CancellationToken cancellationToken = default)
    {
        var resuming = uploadId is not null;
        uploadId ??= Guid.NewGuid().ToString("N");
        var start = new UploadStart
        {
            RoomId = roomId,
            UploadId = uploadId,
            FileName = fileName,
            ContentType = contentType,
            TotalSize = content.Length - content.Position,
            Sha256 = ByteString.CopyFrom(await HashAsync(content, cancellationToken)),
        };
        var origin = content.Position;
        var backoff = new ReconnectBackoff(_options.InitialReconnectDelay, _options.MaxReconnectDelay);
        long kept = 0;
        while (true)
        {
            try
            {
                // After a break the server says how much it kept (all of it, if the upload finished and only its
                // answer was lost); asking can fail too, and is retried with the rest.
                var from = resuming ? await StoredBytesAsync(uploadId, cancellationToken) : 0;
                if (from > kept)
                {
                    // Progress: the next break is a new one, not a longer outage.
                    backoff.Reset();
                    kept = from;
                }
                content.Position = origin + from;
                return await SendFileAsync(start, content, from, cancellationToken);
            }
            catch (Exception ex) when (Retryable(ex, cancellationToken) && content.CanSeek)
            {
                resuming = true;
                await Task.Delay(backoff.Next(), cancellationToken);
            }
        }
    }

    /// <summary>Streams an attachment into <paramref name="destination"/>; a broken download resumes from what was written.</summary>
    public async Task<Attachment> DownloadAsync(string attachmentId, Stream destination, CancellationToken cancellationToken = default)
    {
        var backoff = new ReconnectBackoff(_options.InitialReconnectDelay, _options.MaxReconnectDelay);
        var origin = destination.Position;
        Attachment? attachment = null;
        long kept = 0;
        while (true)
        {
            try
            {
                if (destination.Position - origin > kept)
                {
                    backoff.Reset();
                    kept = destination.Position - origin;
                }
                var request = new DownloadRequest { AttachmentId = attachmentId, StartOffset = destination.Position - origin };
                using var call = _attachments.DownloadAttachment(request, await CallOptionsAsync(cancellationToken));
                await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    attachment ??= chunk.Attachment;
                    await destination.WriteAsync(chunk.Data.Memory, cancellationToken);
                }
                return attachment ?? throw new RpcException(new Status(StatusCode.Internal, "The download carried no attachment."));
            }
            catch (Exception ex) when (Retryable(ex, cancellationToken))
            {
                await Task.Delay(backoff.Next(), cancellationToken);
            }
        }
    }

    /// <summary>
    /// A broken connection or a transient server state: worth resuming; anything else is the answer. A
    /// call cut by a dropped connection may also surface as Cancelled, which is the caller's only when
    /// the caller cancelled.
    /// </summary>
    private static bool Retryable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        RpcException { StatusCode: StatusCode.Cancelled } => !cancellationToken.IsCancellationRequested,
        RpcException rpc => TransferRetryable.Contains(rpc.StatusCode),
        IOException or HttpRequestException => true,
        _ => false,
    };

    private async Task<Attachment> SendFileAsync(UploadStart start, Stream content, long from, CancellationToken cancellationToken)
    {
        using var call = _attachments.UploadAttachment(await CallOptionsAsync(cancellationToken));
        await call.RequestStream.WriteAsync(new UploadChunk { Start = start }, cancellationToken);
        var buffer = new byte[UploadChunkBytes];
        var offset = from;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await call.RequestStream.WriteAsync(new UploadChunk { Data = new UploadData { Offset = offset, Data = ByteString.CopyFrom(buffer, 0, read) } }, cancellationToken);
            offset += read;
        }
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    private async Task<long> StoredBytesAsync(string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            return (await _attachments.GetUploadStatusAsync(new GetUploadStatusRequest { UploadId = uploadId }, await CallOptionsAsync(cancellationToken))).StoredBytes;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return 0;
        }
    }

    private static async Task<byte[]> HashAsync(Stream content, CancellationToken cancellationToken)
    {
        var origin = content.Position;
        var hash = await SHA256.HashDataAsync(content, cancellationToken);
        content.Position = origin;
        return hash;
    }
}
