using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Realtime.Server.Attachments;

/// <summary>
/// The embedded-mode store: a folder with "uploads/" (a .part file and its metadata per upload, and
/// a .done file naming the attachment once it finished) and "files/" (finished attachments). File
/// names are hashes, so no client string reaches the file system.
/// </summary>
public sealed class FileAttachmentStore : IAttachmentStore
{
    private const int ReadChunk = 64 * 1024;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly string _uploads;
    private readonly string _files;

    public FileAttachmentStore(IOptions<AttachmentOptions> options)
    {
        var root = Path.GetFullPath(options.Value.DataPath);
        _uploads = Path.Combine(root, "uploads");
        _files = Path.Combine(root, "files");
        Directory.CreateDirectory(_uploads);
        Directory.CreateDirectory(_files);
    }

    public long MaxFileBytes => long.MaxValue;

    public async Task<UploadProgress?> GetUploadAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        var (part, meta, done) = UploadPaths(userId, uploadId);
        if (!File.Exists(meta))
        {
            return null;
        }
        var metadata = await ReadJsonAsync<UploadMetadata>(meta, cancellationToken);
        if (!File.Exists(part) && File.Exists(done))
        {
            return new UploadProgress(metadata, metadata.TotalSize, await File.ReadAllTextAsync(done, cancellationToken));
        }
        return new UploadProgress(metadata, File.Exists(part) ? new FileInfo(part).Length : 0);
    }

    public async Task<UploadProgress> BeginUploadAsync(UploadMetadata metadata, CancellationToken cancellationToken)
    {
        if (await GetUploadAsync(metadata.UserId, metadata.UploadId, cancellationToken) is { } existing)
        {
            return existing;
        }
        var (part, meta, _) = UploadPaths(metadata.UserId, metadata.UploadId);
        await File.WriteAllBytesAsync(part, [], cancellationToken);
        await WriteJsonAsync(meta, metadata, cancellationToken);
        return new UploadProgress(metadata, 0);
    }

    public async Task AppendAsync(string userId, string uploadId, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var (part, _, _) = UploadPaths(userId, uploadId);
        await using var file = new FileStream(part, FileMode.Open, FileAccess.Write, FileShare.Read);
        if (file.Length != offset)
        {
            throw new InvalidOperationException($"The upload has {file.Length} bytes stored, not {offset}.");
        }
        file.Seek(0, SeekOrigin.End);
        await file.WriteAsync(data, cancellationToken);
        await file.FlushAsync(cancellationToken);
    }

    public async Task<byte[]> HashUploadAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        var (part, _, _) = UploadPaths(userId, uploadId);
        await using var file = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, ReadChunk, useAsync: true);
        return await SHA256.HashDataAsync(file, cancellationToken);
    }

    /// <summary>
    /// The attachment's record and the upload's .done come first and the move of the bytes last: until the
    /// move the upload is unfinished with every byte stored, so completing again after a crash or a broken
    /// call picks up where this stopped. A dropped caller does not interrupt it halfway: the caller's token is
    /// not passed on.
    /// </summary>
    public async Task CompleteUploadAsync(string userId, string uploadId, StoredAttachment attachment, CancellationToken cancellationToken)
    {
        var (part, _, done) = UploadPaths(userId, uploadId);
        var (bin, json) = FilePaths(attachment.AttachmentId);
        await WriteJsonAsync(json, attachment, CancellationToken.None);
        await File.WriteAllTextAsync(done, attachment.AttachmentId, CancellationToken.None);
        File.Move(part, bin, overwrite: true);
    }

    public Task DeleteUploadAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        var (part, meta, done) = UploadPaths(userId, uploadId);
        File.Delete(part);
        File.Delete(done);
        File.Delete(meta);
        return Task.CompletedTask;
    }

    public async Task<StoredAttachment?> GetAttachmentAsync(string attachmentId, CancellationToken cancellationToken)
    {
        var (bin, json) = FilePaths(attachmentId);
        return File.Exists(json) && File.Exists(bin) ? await ReadJsonAsync<StoredAttachment>(json, cancellationToken) : null;
    }

    public Task SaveAttachmentAsync(StoredAttachment attachment, CancellationToken cancellationToken) =>
        WriteJsonAsync(FilePaths(attachment.AttachmentId).Json, attachment, cancellationToken);

    public Task<Stream> OpenAttachmentAsync(string attachmentId, long offset, CancellationToken cancellationToken)
    {
        var file = new FileStream(FilePaths(attachmentId).Bin, FileMode.Open, FileAccess.Read, FileShare.Read, ReadChunk, useAsync: true);
        file.Seek(offset, SeekOrigin.Begin);
        return Task.FromResult<Stream>(file);
    }

    public async Task<int> DeleteUploadsStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var meta in Directory.EnumerateFiles(_uploads, "*.json"))
        {
            var metadata = await ReadJsonAsync<UploadMetadata>(meta, cancellationToken);
            if (metadata.StartedAt < cutoff)
            {
                await DeleteUploadAsync(metadata.UserId, metadata.UploadId, cancellationToken);
                deleted++;
            }
        }
        return deleted;
    }

    private (string Part, string Meta, string Done) UploadPaths(string userId, string uploadId)
    {
        var key = StorageKeys.Upload(userId, uploadId);
        return (Path.Combine(_uploads, key + ".part"), Path.Combine(_uploads, key + ".json"), Path.Combine(_uploads, key + ".done"));
    }

    private (string Bin, string Json) FilePaths(string attachmentId)
    {
        var key = StorageKeys.Hash(attachmentId);
        return (Path.Combine(_files, key + ".bin"), Path.Combine(_files, key + ".json"));
    }

    private static async Task<T> ReadJsonAsync<T>(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<T>(file, Json, cancellationToken) ?? throw new InvalidDataException($"Empty metadata in {path}.");
    }

    /// <summary>Writes to a temporary file and renames it, so a crash never leaves half a metadata file.</summary>
    private static async Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var file = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(file, value, Json, cancellationToken);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
