using System.Buffers;
using StackExchange.Redis;

namespace Realtime.Streaming.Redis;

/// <summary>
/// Every Redis key and channel this deployment uses, under one prefix (several deployments can share
/// a Redis). Keys that one script or transaction touches together carry the same hash tag
/// (<c>{…}</c>), so a Redis Cluster keeps them in one slot: a topic's log keys are tagged with the
/// topic, an upload's keys with the upload. See docs/ARCHITECTURE.md "Redis".
/// </summary>
public sealed class RedisKeys
{
    public const string DefaultPrefix = "realtime";

    private static readonly SearchValues<char> NotInPrefix = SearchValues.Create("{} \t\r\n");

    /// <param name="prefix">Starts every key and channel name.</param>
    /// <param name="shardedChannels">Publish with SPUBLISH (Redis 7 and later), see <see cref="Channel"/>.</param>
    public RedisKeys(string prefix, bool shardedChannels = false)
    {
        if (prefix.Length == 0 || prefix.AsSpan().ContainsAny(NotInPrefix))
        {
            throw new ArgumentException($"A Redis key prefix must be non-empty, without braces or spaces: '{prefix}'.", nameof(prefix));
        }
        Prefix = prefix;
        ShardedChannels = shardedChannels;
    }

    public string Prefix { get; }

    public bool ShardedChannels { get; }

    public TopicLogKeys Log(string topic)
    {
        var stream = $"{Prefix}:log:{{{topic}}}";
        return new TopicLogKeys(stream, stream + ":last", stream + ":max-age", stream + ":commands", stream + ":redacted", stream + ":redacted-offsets");
    }

    /// <summary>
    /// A topic's pub/sub channel. A plain channel works everywhere, but a Redis Cluster forwards each
    /// message to every node; a sharded one (SPUBLISH, Redis 7) goes only to the shard that owns the
    /// topic's slot, the same shard as its log. Every silo of a deployment must agree on the choice.
    /// </summary>
    public RedisChannel Channel(string topic)
    {
        var name = $"{Prefix}:topic:{{{topic}}}";
        return ShardedChannels ? RedisChannel.Sharded(name) : RedisChannel.Literal(name);
    }

    /// <summary>One kind's topic index (ids and listings), tagged with the kind: one slot per kind.</summary>
    public DirectoryKeys Directory(string kind)
    {
        var ids = $"{Prefix}:dir:{{{kind}}}";
        return new DirectoryKeys(ids, ids + ":listings");
    }

    /// <summary>Uploads by start time, for expiry (finished ones are remembered as long as unfinished ones are kept).</summary>
    public string UploadIndex => $"{Prefix}:att:uploads";

    /// <param name="uploadId">The store's id of an upload (a hash of uploader and upload id).</param>
    public UploadKeys Upload(string uploadId)
    {
        var upload = $"{Prefix}:att:{{{uploadId}}}";
        return new UploadKeys(uploadId, upload + ":meta", upload + ":length", upload + ":chunks", upload + ":offsets", upload + ":finished");
    }

    /// <summary>
    /// A finished file's chunks keep their upload's tag (a rename within one slot); the file's record,
    /// found by attachment id, says which upload that was.
    /// </summary>
    public FileKeys File(string attachmentId, string uploadId)
    {
        var file = $"{Prefix}:att:{{{uploadId}}}:file:{attachmentId}";
        return new FileKeys(FileRecord(attachmentId), file + ":chunks", file + ":offsets");
    }

    public string FileRecord(string attachmentId) => $"{Prefix}:att:file:{{{attachmentId}}}";
}

/// <summary>
/// A topic's log keys. A redacted entry leaves <see cref="Stream"/> (XDEL) for <see cref="Redacted"/> (its data and time by
/// offset) and <see cref="RedactedOffsets"/> (a sorted set of them), which reads merge back in offset order.
/// </summary>
public readonly record struct TopicLogKeys(string Stream, string Last, string MaxAge, string Commands, string Redacted, string RedactedOffsets);

public readonly record struct DirectoryKeys(string Ids, string Listings);

public readonly record struct UploadKeys(string Id, string Meta, string Length, string Chunks, string Offsets, string Finished);

public readonly record struct FileKeys(string Record, string Chunks, string Offsets);
