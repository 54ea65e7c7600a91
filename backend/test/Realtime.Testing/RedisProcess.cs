using System.Diagnostics;

namespace Realtime.Testing;

/// <summary>A redis-server child process on a free loopback port, killed with its owner.</summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly string? _dataDirectory;
    private readonly string[] _clusterArguments;
    private Process? _process;

    private RedisProcess(int port, string? dataDirectory, string[] clusterArguments)
    {
        Port = port;
        _dataDirectory = dataDirectory;
        _clusterArguments = clusterArguments;
    }

    public int Port { get; }

    /// <param name="durable">An append-only file fsynced on every write, kept across restarts.</param>
    public static async Task<RedisProcess> StartAsync(bool durable)
    {
        var dataDirectory = durable ? Directory.CreateTempSubdirectory("realtime-redis-").FullName : null;
        var redis = new RedisProcess(FreePorts.Next(), dataDirectory, []);
        redis._process = await redis.LaunchAsync();
        return redis;
    }

    /// <summary>A node for a Redis Cluster, not yet part of one (its cluster bus on a second free port).</summary>
    public static async Task<RedisProcess> StartClusterNodeAsync()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("realtime-redis-node-").FullName;
        string[] cluster =
        [
            "--cluster-enabled", "yes",
            "--cluster-config-file", Path.Combine(dataDirectory, "nodes.conf"),
            "--cluster-port", $"{FreePorts.Next()}",
            "--dir", dataDirectory,
        ];
        var redis = new RedisProcess(FreePorts.Next(), dataDirectory, cluster);
        redis._process = await redis.LaunchAsync();
        return redis;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        _process = await LaunchAsync();
    }

    /// <summary>Starts redis-server again on the same port after <see cref="StopAsync"/>.</summary>
    public async Task StartAgainAsync() => _process ??= await LaunchAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Wait);
        }
        _process?.Dispose();
        _process = null;
    }

    private async Task<Process> LaunchAsync()
    {
        string[] persistence = _dataDirectory is null || _clusterArguments.Length > 0
            ? ["--save", "", "--appendonly", "no"]
            : ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", _dataDirectory];
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("redis-server", ["--port", $"{Port}", "--bind", "127.0.0.1", .. persistence, .. _clusterArguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "These tests need Redis: install redis-server (scripts/test.sh does), run a Docker engine, or set REALTIME_TEST_REDIS=host:port.", ex);
        }
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await Eventually.TrueAsync(() => FreePorts.Accepts(Port), $"redis-server listening on {Port}");
        return process;
    }
}
