using Realtime.Grains.Log;
using Realtime.Testing;
using StackExchange.Redis;

namespace Realtime.Grains.Tests;

[Trait("Tier", "cluster")]
public sealed class RedisEventLogTests : EventLogContract, IClassFixture<RedisLogFixture>
{
    public RedisEventLogTests(RedisLogFixture redis) => Log = new RedisEventLog(redis.Connection, Time);

    protected override IEventLog Log { get; }
}

public sealed class RedisLogFixture : IAsyncLifetime
{
    private RedisServer _server = null!;

    public IConnectionMultiplexer Connection { get; private set; } = null!;

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
