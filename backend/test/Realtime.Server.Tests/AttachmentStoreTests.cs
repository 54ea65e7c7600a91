using Microsoft.Extensions.Options;
using Realtime.Server.Attachments;
using Realtime.Streaming.Redis;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "unit")]
public sealed class FileAttachmentStoreTests : AttachmentStoreContract, IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"realtime-store-{Guid.NewGuid():N}");

    public FileAttachmentStoreTests() => Store = new FileAttachmentStore(Options.Create(new AttachmentOptions { DataPath = _folder }));

    protected override IAttachmentStore Store { get; }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

[Trait("Tier", "cluster")]
public sealed class RedisAttachmentStoreTests(RedisFixture redis) : AttachmentStoreContract, IClassFixture<RedisFixture>
{
    protected override IAttachmentStore Store { get; } = new RedisAttachmentStore(redis.Connection, new RedisKeys(RedisKeys.DefaultPrefix), Options.Create(new AttachmentOptions()));
}

/// <summary>On a Redis Cluster: an upload's script, its completion (a transaction and renames) stay in one slot.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterAttachmentStoreTests(RedisClusterFixture redis) : AttachmentStoreContract, IClassFixture<RedisClusterFixture>
{
    protected override IAttachmentStore Store { get; } = new RedisAttachmentStore(redis.Connection, new RedisKeys(Ids.Unique("deployment")), Options.Create(new AttachmentOptions()));
}
