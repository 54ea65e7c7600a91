using Microsoft.Extensions.Options;
using Realtime.Server.Attachments;
using Realtime.Testing;
using StackExchange.Redis;

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
    protected override IAttachmentStore Store { get; } = new RedisAttachmentStore(redis.Connection, Options.Create(new AttachmentOptions()));
}

/// <summary>One real Redis (a redis-server child unless REALTIME_TEST_REDIS is set) for a test class.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisServer _server = null!;

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public string ConnectionString => _server.ConnectionString;

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(_server.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _server.DisposeAsync();
    }
}
