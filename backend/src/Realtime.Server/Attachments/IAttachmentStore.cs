namespace Realtime.Server.Attachments;

/// <summary>
/// Where attachments and unfinished uploads live. Appends are durable when they return (a resumed
/// upload continues after the last stored byte); reads stream from an offset, so no file is ever
/// held whole in memory.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Largest file this store takes (a Redis store is capped so files do not crowd out memory).</summary>
    long MaxFileBytes { get; }

    Task<UploadProgress?> GetUploadAsync(string userId, string uploadId, CancellationToken cancellationToken);

    /// <summary>Starts an upload, or returns the stored progress of the same upload.</summary>
    Task<UploadProgress> BeginUploadAsync(UploadMetadata metadata, CancellationToken cancellationToken);

    /// <summary>Appends bytes that must start at the stored length.</summary>
    Task AppendAsync(string userId, string uploadId, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>SHA-256 of the stored bytes, read back in chunks.</summary>
    Task<byte[]> HashUploadAsync(string userId, string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Turns a fully stored upload into the attachment. The upload is remembered as finished (its progress
    /// names the attachment) until it expires like an unfinished one.
    /// </summary>
    Task CompleteUploadAsync(string userId, string uploadId, StoredAttachment attachment, CancellationToken cancellationToken);

    Task DeleteUploadAsync(string userId, string uploadId, CancellationToken cancellationToken);

    Task<StoredAttachment?> GetAttachmentAsync(string attachmentId, CancellationToken cancellationToken);

    Task SaveAttachmentAsync(StoredAttachment attachment, CancellationToken cancellationToken);

    /// <summary>The attachment's bytes from <paramref name="offset"/>.</summary>
    Task<Stream> OpenAttachmentAsync(string attachmentId, long offset, CancellationToken cancellationToken);

    /// <summary>Deletes uploads (finished or not) started before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteUploadsStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
