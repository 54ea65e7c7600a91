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

public sealed record UploadProgress(UploadMetadata Metadata, long StoredBytes);

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
