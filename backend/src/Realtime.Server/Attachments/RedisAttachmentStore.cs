using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Realtime.Streaming.Redis;
using StackExchange.Redis;

namespace Realtime.Server.Attachments;

/// <summary>
/// Attachments in Redis, so any instance serves any file: each upload is a list of chunks plus a list
/// of the offsets they start at (for downloads from an offset) and a stored length; an append is one
/// Lua script that checks the offset, so a chunk is stored once and in order. Uploads are indexed by
/// start time for expiry, and carry a Redis TTL as a second line of defence. An upload's keys
/// share a hash tag, and its finished file's chunks keep it (<see cref="RedisKeys.File"/>), so scripts,
/// transactions and renames stay in one slot of a Redis Cluster.
/// </summary>
public sealed class RedisAttachmentStore(IConnectionMultiplexer redis, RedisKeys keys, IOptions<AttachmentOptions> options) : IAttachmentStore
{
    private const int HashPage = 32;
    private const string RecordJson = "json";
    private const string RecordUpload = "upload";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly LuaScript Append = LuaScript.Prepare("""
        local stored = tonumber(redis.call('GET', @length) or '0')
        if stored ~= tonumber(@offset) then return -1 end
        redis.call('RPUSH', @chunks, @data)
        redis.call('RPUSH', @offsets, @offset)
        return redis.call('INCRBY', @length, @size)
        """);

    private IDatabase Db => redis.GetDatabase();

    public long MaxFileBytes => options.Value.RedisMaxFileBytes;

    public async Task<UploadProgress?> GetUploadAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        var upload = UploadKeys(userId, uploadId);
        var values = await Db.StringGetAsync([upload.Meta, upload.Length, upload.Finished]);
        if (values[0].IsNullOrEmpty)
        {
            return null;
        }
        var (length, finished) = (values[1], values[2]);
        return new UploadProgress(
            JsonSerializer.Deserialize<UploadMetadata>((string)values[0]!, Json)!,
            length.IsNullOrEmpty ? 0 : (long)length,
            finished.IsNullOrEmpty ? null : (string)finished!);
    }

    public async Task<UploadProgress> BeginUploadAsync(UploadMetadata metadata, CancellationToken cancellationToken)
    {
        var upload = UploadKeys(metadata.UserId, metadata.UploadId);
        var ttl = options.Value.UploadExpiry * 2;
        if (!await Db.StringSetAsync(upload.Meta, JsonSerializer.Serialize(metadata, Json), ttl, When.NotExists))
        {
            return (await GetUploadAsync(metadata.UserId, metadata.UploadId, cancellationToken))!;
        }
        await Db.StringSetAsync(upload.Length, 0, ttl);
        await Db.SortedSetAddAsync(keys.UploadIndex, upload.Id, metadata.StartedAt.ToUnixTimeMilliseconds());
        return new UploadProgress(metadata, 0);
    }

    public async Task AppendAsync(string userId, string uploadId, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var upload = UploadKeys(userId, uploadId);
        var result = (long)await Db.ScriptEvaluateAsync(Append, new
        {
            length = (RedisKey)upload.Length,
            chunks = (RedisKey)upload.Chunks,
            offsets = (RedisKey)upload.Offsets,
            offset,
            data = (RedisValue)data,
            size = data.Length,
        });
        if (result < 0)
        {
            throw new InvalidOperationException($"The upload's stored length is not {offset}.");
        }
        var ttl = options.Value.UploadExpiry * 2;
        await Task.WhenAll(Db.KeyExpireAsync(upload.Chunks, ttl), Db.KeyExpireAsync(upload.Offsets, ttl));
    }

    public Task<byte[]> HashUploadAsync(string userId, string uploadId, CancellationToken cancellationToken) =>
        HashChunksAsync(UploadKeys(userId, uploadId).Chunks, cancellationToken);

    /// <summary>
    /// The file's record is written first: until the chunks are moved nobody knows the attachment id
    /// (completing returns it), and a crash before the move leaves an upload that expires as usual. The
    /// upload's metadata and length stay, with its finished mark, until the upload would have expired.
    /// </summary>
    public async Task CompleteUploadAsync(string userId, string uploadId, StoredAttachment attachment, CancellationToken cancellationToken)
    {
        var upload = UploadKeys(userId, uploadId);
        var file = keys.File(attachment.AttachmentId, upload.Id);
        await Db.HashSetAsync(file.Record, [new(RecordJson, JsonSerializer.Serialize(attachment, Json)), new(RecordUpload, upload.Id)]);
        var transaction = Db.CreateTransaction();
        if (attachment.Size > 0)
        {
            _ = transaction.KeyRenameAsync(upload.Chunks, file.Chunks);
            _ = transaction.KeyRenameAsync(upload.Offsets, file.Offsets);
            _ = transaction.KeyPersistAsync(file.Chunks);
            _ = transaction.KeyPersistAsync(file.Offsets);
        }
        _ = transaction.StringSetAsync(upload.Finished, attachment.AttachmentId, options.Value.UploadExpiry * 2);
        await transaction.ExecuteAsync();
    }

    public async Task DeleteUploadAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        var upload = UploadKeys(userId, uploadId);
        await DeleteUploadKeysAsync(upload.Id);
    }

    public async Task<StoredAttachment?> GetAttachmentAsync(string attachmentId, CancellationToken cancellationToken)
    {
        var json = await Db.HashGetAsync(keys.FileRecord(attachmentId), RecordJson);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StoredAttachment>((string)json!, Json);
    }

    public Task SaveAttachmentAsync(StoredAttachment attachment, CancellationToken cancellationToken) =>
        Db.HashSetAsync(keys.FileRecord(attachment.AttachmentId), RecordJson, JsonSerializer.Serialize(attachment, Json));

    public async Task<Stream> OpenAttachmentAsync(string attachmentId, long offset, CancellationToken cancellationToken)
    {
        var upload = await Db.HashGetAsync(keys.FileRecord(attachmentId), RecordUpload);
        if (upload.IsNullOrEmpty)
        {
            return Stream.Null;
        }
        var file = keys.File(attachmentId, (string)upload!);
        var starts = (await Db.ListRangeAsync(file.Offsets)).Select(v => (long)v).ToArray();
        var index = Array.BinarySearch(starts, offset);
        var chunk = index >= 0 ? index : Math.Max(0, ~index - 1);
        var skip = starts.Length == 0 ? 0 : (int)(offset - starts[chunk]);
        return new RedisChunkStream(Db, file.Chunks, chunk, skip);
    }

    public async Task<int> DeleteUploadsStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var expired = await Db.SortedSetRangeByScoreAsync(keys.UploadIndex, double.NegativeInfinity, cutoff.ToUnixTimeMilliseconds(), Exclude.Stop);
        foreach (var id in expired)
        {
            await DeleteUploadKeysAsync(id!);
        }
        return expired.Length;
    }

    private async Task DeleteUploadKeysAsync(string id)
    {
        var upload = keys.Upload(id);
        await Db.KeyDeleteAsync([upload.Meta, upload.Length, upload.Chunks, upload.Offsets, upload.Finished]);
        await Db.SortedSetRemoveAsync(keys.UploadIndex, id);
    }

    private async Task<byte[]> HashChunksAsync(string chunksKey, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long start = 0; ; start += HashPage)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await Db.ListRangeAsync(chunksKey, start, start + HashPage - 1);
            foreach (var chunk in page)
            {
                hash.AppendData((byte[])chunk!);
            }
            if (page.Length < HashPage)
            {
                return hash.GetHashAndReset();
            }
        }
    }

    private UploadKeys UploadKeys(string userId, string uploadId) => keys.Upload(StorageKeys.Upload(userId, uploadId));
}
