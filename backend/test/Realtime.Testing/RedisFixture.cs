using StackExchange.Redis;
using Xunit;

namespace Realtime.Testing;

/// <summary>One real single-node Redis (see <see cref="RedisServer"/>) and a connection to it, for a test class.</summary>
public class RedisFixture : IAsyncLifetime
{
    private IAsyncDisposable _server = null!;

    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        (ConnectionString, _server) = await StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _server.DisposeAsync();
    }

    protected virtual async Task<(string ConnectionString, IAsyncDisposable Server)> StartAsync()
    {
        var server = await RedisServer.StartAsync();
        return (server.ConnectionString, server);
    }
}

/// <summary>The same over a three-node Redis Cluster (<see cref="RedisClusterServer"/>).</summary>
public sealed class RedisClusterFixture : RedisFixture
{
    protected override async Task<(string ConnectionString, IAsyncDisposable Server)> StartAsync()
    {
        var cluster = await RedisClusterServer.StartAsync();
        return (cluster.ConnectionString, cluster);
    }
}
