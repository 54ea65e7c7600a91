using System.Threading.RateLimiting;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Attachments;

/// <summary>
/// Streams files up and down. Each upload chunk is stored before the next is read, and each download
/// chunk is written before the next is read from storage, so a transfer holds a chunk or two in memory
/// and moves at the pace of the slower side.
/// </summary>
[Authorize]
public sealed partial class AttachmentGrpcService(
    IAttachmentStore store,
    AttachmentValidator validator,
    IGrainFactory grains,
    IOptions<AttachmentOptions> options,
    PartitionedRateLimiter<string> uploadLimiter,
    ActiveUploads active,
    TimeProvider time,
    IJoinAdmission admission,
    ILogger<AttachmentGrpcService> logger) : AttachmentService.AttachmentServiceBase
{
    public override async Task<Attachment> UploadAttachment(IAsyncStreamReader<UploadChunk> requestStream, ServerCallContext context)
    {
        var caller = context.Caller();
        var userId = caller.UserId;
        var cancellationToken = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellationToken))
        {
            throw CommandException.Invalid([new Violation("start", "the stream carried no chunk")]).ToRpcException();
        }
        var start = requestStream.Current.Start;
        try
        {
            validator.Start(start);
            var member = await RequireMemberAsync(start.RoomId, caller, AccessRole.Writer, "share files in", cancellationToken);
            if (!active.TryBegin(userId, start.UploadId))
            {
                throw new CommandException(StatusCode.Aborted, "This upload is already being sent on another call; retry once it has ended.");
            }
            try
            {
                return await ReceiveAsync(requestStream, start, member, cancellationToken);
            }
            catch (IOException ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                // The stored part is gone from under the upload: resuming cannot bring it back, so the client
                // hears it at once instead of retrying forever.
                LogStoredPartMissing(logger, ex, start.UploadId);
                throw new CommandException(StatusCode.FailedPrecondition, $"The stored part of upload '{start.UploadId}' is gone; send the file again under a new upload id.");
            }
            catch (IOException)
            {
                // The client's connection broke mid-stream: an expected end of a call, not a server fault to log
                // with its stack (whether or not the call noticed its cancellation first). A client still there
                // asks for the status and resumes.
                throw new CommandException(StatusCode.Aborted, "The upload stream broke; ask GetUploadStatus and resume.");
            }
            catch (InvalidOperationException ex)
            {
                // Storage moved under this call; what is stored is consistent, so the client asks for the status and resumes.
                LogStorageConflict(logger, ex, start.UploadId);
                throw new CommandException(StatusCode.Aborted, "The upload changed while this call ran; ask GetUploadStatus and resume.");
            }
            finally
            {
                active.End(userId, start.UploadId);
            }
        }
        catch (CommandException error)
        {
            throw error.ToRpcException();
        }
    }

    public override async Task DownloadAttachment(DownloadRequest request, IServerStreamWriter<DownloadChunk> responseStream, ServerCallContext context)
    {
        try
        {
            AttachmentValidator.Id("attachment_id", request.AttachmentId);
            var attachment = await store.GetAttachmentAsync(request.AttachmentId, context.CancellationToken)
                ?? throw new CommandException(StatusCode.NotFound, $"No attachment '{request.AttachmentId}'.");
            await RequireMemberAsync(attachment.RoomId, context.Caller(), AccessRole.Reader, "fetch files of", context.CancellationToken);
            if (request.StartOffset < 0 || request.StartOffset > attachment.Size)
            {
                throw CommandException.Invalid([new Violation("start_offset", $"must be 0-{attachment.Size}")]);
            }
            await SendAsync(attachment, request.StartOffset, responseStream, context.CancellationToken);
        }
        catch (CommandException error)
        {
            throw error.ToRpcException();
        }
        catch (Exception ex) when ((ex is InvalidOperationException or IOException) && context.CancellationToken.IsCancellationRequested)
        {
            // The client went away mid-download (a write then finds the call complete): it resumes from the
            // bytes it has; nothing for the server log.
            throw new RpcException(new Status(StatusCode.Cancelled, "The download's client went away."));
        }
    }

    public override async Task<GetUploadStatusResponse> GetUploadStatus(GetUploadStatusRequest request, ServerCallContext context)
    {
        try
        {
            AttachmentValidator.Id("upload_id", request.UploadId);
            var progress = await store.GetUploadAsync(context.UserId(), request.UploadId, context.CancellationToken)
                ?? throw new CommandException(StatusCode.NotFound, $"No unfinished upload '{request.UploadId}' (finished, expired or never started).");
            return new GetUploadStatusResponse
            {
                UploadId = request.UploadId,
                RoomId = progress.Metadata.RoomId,
                StoredBytes = progress.StoredBytes,
                TotalSize = progress.Metadata.TotalSize,
                ExpireTime = Timestamp.FromDateTimeOffset(progress.Metadata.StartedAt + options.Value.UploadExpiry),
                AttachmentId = progress.FinishedAttachmentId ?? "",
            };
        }
        catch (CommandException error)
        {
            throw error.ToRpcException();
        }
    }

    private async Task<Attachment> ReceiveAsync(IAsyncStreamReader<UploadChunk> requestStream, UploadStart start, Caller caller, CancellationToken cancellationToken)
    {
        var userId = caller.UserId;
        var declared = new UploadMetadata(userId, start.UploadId, start.RoomId, start.FileName, start.ContentType, start.TotalSize, start.Sha256.ToByteArray(), time.GetUtcNow());
        var existing = await store.GetUploadAsync(userId, start.UploadId, cancellationToken);
        if (existing is null)
        {
            using var lease = await uploadLimiter.AcquireAsync(userId, 1, cancellationToken);
            if (!lease.IsAcquired)
            {
                throw new CommandException(StatusCode.ResourceExhausted, $"At most {options.Value.UploadsPerUserPerMinute} new uploads per minute.");
            }
        }
        else if (!existing.Metadata.SameFileAs(declared))
        {
            throw new CommandException(StatusCode.FailedPrecondition, $"Upload '{start.UploadId}' was started for a different file; use a new upload id.");
        }
        if (existing?.FinishedAttachmentId is { } finishedId)
        {
            // Finished on an earlier call whose answer was lost: the same attachment again, posted once.
            var finished = await store.GetAttachmentAsync(finishedId, cancellationToken)
                ?? throw new CommandException(StatusCode.NotFound, $"Upload '{start.UploadId}' became attachment '{finishedId}', which is gone.");
            return await PostAsync(finished, caller, cancellationToken);
        }
        var progress = existing ?? await store.BeginUploadAsync(declared, cancellationToken);
        var stored = progress.StoredBytes;
        while (stored < start.TotalSize && await requestStream.MoveNext(cancellationToken))
        {
            var data = requestStream.Current.Data;
            validator.Data(data, stored, start.TotalSize);
            await store.AppendAsync(userId, start.UploadId, stored, data.Data.Memory, cancellationToken);
            stored += data.Data.Length;
        }
        if (stored < start.TotalSize)
        {
            throw new CommandException(StatusCode.FailedPrecondition, $"The stream ended after {stored} of {start.TotalSize} bytes; resume from that offset.");
        }
        return await CompleteAsync(progress.Metadata, caller, cancellationToken);
    }

    private async Task<Attachment> CompleteAsync(UploadMetadata upload, Caller sharer, CancellationToken cancellationToken)
    {
        var hash = await store.HashUploadAsync(upload.UserId, upload.UploadId, cancellationToken);
        if (upload.Sha256.Length > 0 && !hash.AsSpan().SequenceEqual(upload.Sha256))
        {
            await store.DeleteUploadAsync(upload.UserId, upload.UploadId, cancellationToken);
            throw new CommandException(StatusCode.DataLoss, "The stored bytes do not match the declared SHA-256; nothing was kept.");
        }
        var id = AttachmentId(upload);
        var attachment = new StoredAttachment(id, upload.RoomId, upload.FileName, upload.ContentType, upload.TotalSize, hash, upload.UserId, time.GetUtcNow(), 0);
        await store.CompleteUploadAsync(upload.UserId, upload.UploadId, attachment, cancellationToken);
        return await PostAsync(attachment, sharer, cancellationToken);
    }

    /// <summary>Posts the message sharing a finished file, unless its offset is saved already; the room stores one message per attachment id.</summary>
    private async Task<Attachment> PostAsync(StoredAttachment attachment, Caller sharer, CancellationToken cancellationToken)
    {
        if (attachment.MessageOffset > 0)
        {
            return Wire(attachment);
        }
        var id = attachment.AttachmentId;
        var shared = await grains.GetGrain<IChatRoomGrain>(attachment.RoomId)
            .ShareAsync(sharer, $"attachment:{id}", new SharedFile(id, attachment.FileName, attachment.ContentType, attachment.Size));
        attachment = attachment with { MessageOffset = shared.Offset };
        await store.SaveAttachmentAsync(attachment, cancellationToken);
        return Wire(attachment);
    }

    private async Task SendAsync(StoredAttachment attachment, long offset, IServerStreamWriter<DownloadChunk> responseStream, CancellationToken cancellationToken)
    {
        await using var content = await store.OpenAttachmentAsync(attachment.AttachmentId, offset, cancellationToken);
        var buffer = new byte[options.Value.DownloadChunkBytes];
        var first = true;
        while (true)
        {
            var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0 && !first)
            {
                return;
            }
            await responseStream.WriteAsync(new DownloadChunk
            {
                Attachment = first ? Wire(attachment) : null,
                Offset = offset,
                Data = ByteString.CopyFrom(buffer, 0, read),
            }, cancellationToken);
            offset += read;
            first = false;
            if (read < buffer.Length)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Members of the room (see <see cref="IChatRoomGrain.MemberRoleAsync"/>) holding at least <paramref name="required"/>, as the room's
    /// join callout admits them, pass: the caller as admitted.
    /// </summary>
    private async Task<Caller> RequireMemberAsync(string roomId, Caller caller, AccessRole required, string action, CancellationToken cancellationToken)
    {
        var member = (await admission.AdmitAsync(caller, Topics.Chat(roomId), JoinActions.Join, cancellationToken)).Caller;
        if (await grains.GetGrain<IChatRoomGrain>(roomId).MemberRoleAsync(member) < required)
        {
            throw new CommandException(StatusCode.PermissionDenied, $"Only members of room '{roomId}' (listed in its access, or who have joined it) with the right role may {action} it.");
        }
        return member;
    }

    /// <summary>Derived from the upload, so finishing it twice yields one attachment and one message.</summary>
    private static string AttachmentId(UploadMetadata upload) =>
        "att-" + StorageKeys.Hash($"{StorageKeys.Upload(upload.UserId, upload.UploadId)}\n{upload.StartedAt:O}")[..32];

    private static Attachment Wire(StoredAttachment attachment) => new()
    {
        AttachmentId = attachment.AttachmentId,
        RoomId = attachment.RoomId,
        FileName = attachment.FileName,
        ContentType = attachment.ContentType,
        Size = attachment.Size,
        Sha256 = ByteString.CopyFrom(attachment.Sha256),
        UploadedBy = attachment.UploadedBy,
        CreateTime = Timestamp.FromDateTimeOffset(attachment.CreatedAt),
        MessageOffset = attachment.MessageOffset,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Upload {UploadId} lost its stored part; the client is told to start again")]
    private static partial void LogStoredPartMissing(ILogger logger, Exception exception, string uploadId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Upload {UploadId} changed in storage during a call; the client is told to resume")]
    private static partial void LogStorageConflict(ILogger logger, Exception exception, string uploadId);
}
