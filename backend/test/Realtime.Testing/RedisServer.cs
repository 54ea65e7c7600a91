using Testcontainers.Redis;

namespace Realtime.Testing;

/// <summary>
/// A real Redis for tests, from the first of: the connection string in REALTIME_TEST_REDIS; a
/// Testcontainers Redis container when a Docker engine answers; a redis-server child process on a
/// free port. Servers that tests restart are always child processes (a restarted container would come
/// back on another port). There is no fake and no skipping: without Redis the tests that need it
/// fail and say how to get one.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string ContainerImage = "redis:7.4-alpine";

    private readonly RedisProcess? _process;
    private readonly RedisContainer? _container;

    private RedisServer(string connectionString, RedisProcess? process, RedisContainer? container)
    {
        ConnectionString = connectionString;
        _process = process;
        _container = container;
    }

    public string ConnectionString { get; }

    /// <param name="durable">Keep data across <see cref="RestartAsync"/> (an append-only file fsynced on every write).</param>
    /// <param name="restartable">The test will call <see cref="RestartAsync"/> (implied by <paramref name="durable"/>).</param>
    public static async Task<RedisServer> StartAsync(bool durable = false, bool restartable = false)
    {
        if (!durable && !restartable)
        {
            if (Environment.GetEnvironmentVariable("REALTIME_TEST_REDIS") is { Length: > 0 } configured)
            {
                return new RedisServer(configured, null, null);
            }
            if (await DockerEngine.IsReachableAsync())
            {
                var container = new RedisBuilder(ContainerImage).Build();
                await container.StartAsync();
                return new RedisServer($"{container.GetConnectionString()},abortConnect=false", null, container);
            }
        }
        var process = await RedisProcess.StartAsync(durable);
        return new RedisServer($"127.0.0.1:{process.Port},abortConnect=false", process, null);
    }

    /// <summary>Kills the redis-server (every connection cut; data kept only if durable) and starts a new one on the same port.</summary>
    public Task RestartAsync() =>
        _process?.RestartAsync() ?? throw new InvalidOperationException("Only a Redis started with restartable or durable can be restarted.");

    /// <summary>Kills the redis-server and leaves it down (an outage) until <see cref="StartAgainAsync"/>.</summary>
    public Task StopAsync() =>
        _process?.StopAsync() ?? throw new InvalidOperationException("Only a Redis started with restartable or durable can be stopped.");

    public Task StartAgainAsync() =>
        _process?.StartAgainAsync() ?? throw new InvalidOperationException("Only a Redis started with restartable or durable can be started again.");

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
