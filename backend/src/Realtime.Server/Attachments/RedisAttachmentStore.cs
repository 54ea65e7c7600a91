using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Realtime.Server.Attachments;

/// <summary>
/// Attachments in Redis, so any instance serves any file: each upload is a list of chunks plus a list
/// of the offsets they start at (for downloads from an offset) and a stored length; an append is one
/// Lua script that checks the offset, so a chunk is stored once and in order. Unfinished uploads are
/// indexed by start time for expiry, and carry a Redis TTL as a second line of defence.
/// </summary>
public sealed class RedisAttachmentStore(IConnectionMultiplexer redis, IOptions<AttachmentOptions> options) : IAttachmentStore
{
    private const string UploadIndex = "att:uploads";
    private const int HashPage = 32;
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
        var keys = UploadKeys(userId, uploadId);
        var meta = await Db.StringGetAsync(keys.Meta);
        if (meta.IsNullOrEmpty)
        {
            return null;
        }
        var length = await Db.StringGetAsync(keys.Length);
        return new UploadProgress(JsonSerializer.Deserialize<UploadMetadata>((string)meta!, Json)!, length.IsNullOrEmpty ? 0 : (long)length);
    }

    public async Task<UploadProgress> BeginUploadAsync(UploadMetadata metadata, CancellationToken cancellationToken)
    {
        var keys = UploadKeys(metadata.UserId, metadata.UploadId);
        var ttl = options.Value.UploadExpiry * 2;
        if (!await Db.StringSetAsync(keys.Meta, JsonSerializer.Serialize(metadata, Json), ttl, When.NotExists))
        {
            return (await GetUploadAsync(metadata.UserId, metadata.UploadId, cancellationToken))!;
        }
        await Db.StringSetAsync(keys.Length, 0, ttl);
        await Db.SortedSetAddAsync(UploadIndex, keys.Id, metadata.StartedAt.ToUnixTimeMilliseconds());
        return new UploadProgress(metadata, 0);
    }

    public async Task AppendAsync(string userId, string uploadId, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var keys = UploadKeys(userId, uploadId);
        var result = (long)await Db.ScriptEvaluateAsync(Append, new
        {
            length = (RedisKey)keys.Length,
            chunks = (RedisKey)keys.Chunks,
            offsets = (RedisKey)keys.Offsets,
            offset,
            data = (RedisValue)data,
            size = data.Length,
        });
        if (result < 0)
        {
            throw new InvalidOperationException($"The upload's stored length is not {offset}.");
        }
        var ttl = options.Value.UploadExpiry * 2;
        await Task.WhenAll(Db.KeyExpireAsync(keys.Chunks, ttl), Db.KeyExpireAsync(keys.Offsets, ttl));
    }

    public Task<byte[]> HashUploadAsync(string userId, string uploadId, CancellationToken cancellationToken) =>
        HashChunksAsync(UploadKeys(userId, uploadId).Chunks, cancellationToken);

    public async Task CompleteUploadAsync(string userId, string uploadId, StoredAttachment attachment, CancellationToken cancellationToken)
    {
        var upload = UploadKeys(userId, uploadId);
        var file = FileKeys(attachment.AttachmentId);
        var transaction = Db.CreateTransaction();
        if (attachment.Size > 0)
        {
            _ = transaction.KeyRenameAsync(upload.Chunks, file.Chunks);
            _ = transaction.KeyRenameAsync(upload.Offsets, file.Offsets);
            _ = transaction.KeyPersistAsync(file.Chunks);
            _ = transaction.KeyPersistAsync(file.Offsets);
        }
        _ = transaction.StringSetAsync(file.Meta, JsonSerializer.Serialize(attachment, Json));
        _ = transaction.KeyDeleteAsync([upload.Meta, upload.Length]);
        _ = transaction.SortedSetRemoveAsync(UploadIndex, upload.Id);
        await transaction.ExecuteAsync();
    }

    public async Task DeleteUploadAsync(string userId, string uploadId, CancellationToken cancellationToken)
    {
        var keys = UploadKeys(userId, uploadId);
        await DeleteUploadKeysAsync(keys.Id);
    }

    public async Task<StoredAttachment?> GetAttachmentAsync(string attachmentId, CancellationToken cancellationToken)
    {
        var meta = await Db.StringGetAsync(FileKeys(attachmentId).Meta);
        return meta.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StoredAttachment>((string)meta!, Json);
    }

    public Task SaveAttachmentAsync(StoredAttachment attachment, CancellationToken cancellationToken) =>
        Db.StringSetAsync(FileKeys(attachment.AttachmentId).Meta, JsonSerializer.Serialize(attachment, Json));

    public async Task<Stream> OpenAttachmentAsync(string attachmentId, long offset, CancellationToken cancellationToken)
    {
        var keys = FileKeys(attachmentId);
        var starts = (await Db.ListRangeAsync(keys.Offsets)).Select(v => (long)v).ToArray();
        var index = Array.BinarySearch(starts, offset);
        var chunk = index >= 0 ? index : Math.Max(0, ~index - 1);
        var skip = starts.Length == 0 ? 0 : (int)(offset - starts[chunk]);
        return new RedisChunkStream(Db, keys.Chunks, chunk, skip);
    }

    public async Task<int> DeleteUploadsStartedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var expired = await Db.SortedSetRangeByScoreAsync(UploadIndex, double.NegativeInfinity, cutoff.ToUnixTimeMilliseconds(), Exclude.Stop);
        foreach (var id in expired)
        {
            await DeleteUploadKeysAsync(id!);
        }
        return expired.Length;
    }

    private async Task DeleteUploadKeysAsync(string id)
    {
        var keys = KeysFor(id);
        await Db.KeyDeleteAsync([keys.Meta, keys.Length, keys.Chunks, keys.Offsets]);
        await Db.SortedSetRemoveAsync(UploadIndex, id);
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

    private static (string Id, string Meta, string Length, string Chunks, string Offsets) UploadKeys(string userId, string uploadId) =>
        KeysFor(StorageKeys.Upload(userId, uploadId));

    private static (string Id, string Meta, string Length, string Chunks, string Offsets) KeysFor(string id) =>
        (id, $"att:up:{id}:meta", $"att:up:{id}:length", $"att:up:{id}:chunks", $"att:up:{id}:offsets");

    private static (string Meta, string Chunks, string Offsets) FileKeys(string attachmentId) =>
        ($"att:file:{attachmentId}:meta", $"att:file:{attachmentId}:chunks", $"att:file:{attachmentId}:offsets");
}
