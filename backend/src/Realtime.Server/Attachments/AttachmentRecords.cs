namespace Realtime.Server.Attachments;

/// <summary>What the uploader declared when it started: the upload is (UserId, UploadId).</summary>
public sealed record UploadMetadata(
    string UserId,
    string UploadId,
    string RoomId,
    string FileName,
    string ContentType,
    long TotalSize,
    byte[] Sha256,
    DateTimeOffset StartedAt)
{
    /// <summary>True when a resumed start declares the same file.</summary>
    public bool SameFileAs(UploadMetadata other) =>
        RoomId == other.RoomId && FileName == other.FileName && ContentType == other.ContentType
        && TotalSize == other.TotalSize && Sha256.AsSpan().SequenceEqual(other.Sha256);
}

/// <summary>How far an upload got; <paramref name="FinishedAttachmentId"/> is set once it became that attachment (all bytes stored).</summary>
public sealed record UploadProgress(UploadMetadata Metadata, long StoredBytes, string? FinishedAttachmentId = null);

public sealed record StoredAttachment(
    string AttachmentId,
    string RoomId,
    string FileName,
    string ContentType,
    long Size,
    byte[] Sha256,
    string UploadedBy,
    DateTimeOffset CreatedAt,
    long MessageOffset);
