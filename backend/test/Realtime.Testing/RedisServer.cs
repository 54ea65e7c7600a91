using System.Diagnostics;

namespace Realtime.Testing;

/// <summary>
/// A real Redis for tests: the connection string in REALTIME_TEST_REDIS if set, otherwise a
/// redis-server child process on a free port (no persistence), stopped with the fixture. There is no
/// fake and no skipping: without Redis the tests that need it fail and say how to get one.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly int _port;
    private readonly string? _dataDirectory;
    private Process? _process;

    private RedisServer(string connectionString, int port, string? dataDirectory, Process? process)
    {
        ConnectionString = connectionString;
        _port = port;
        _dataDirectory = dataDirectory;
        _process = process;
    }

    public string ConnectionString { get; }

    /// <param name="durable">Keep data across <see cref="RestartAsync"/> (an append-only file fsynced on every write).</param>
    public static async Task<RedisServer> StartAsync(bool durable = false)
    {
        if (Environment.GetEnvironmentVariable("REALTIME_TEST_REDIS") is { Length: > 0 } configured && !durable)
        {
            return new RedisServer(configured, 0, null, null);
        }
        var port = FreePorts.Next();
        var dataDirectory = durable ? Directory.CreateTempSubdirectory("realtime-redis-").FullName : null;
        return new RedisServer($"127.0.0.1:{port},abortConnect=false", port, dataDirectory, await LaunchAsync(port, dataDirectory));
    }

    /// <summary>Kills the child redis-server (all data gone, every connection cut) and starts a new one on the same port.</summary>
    public async Task RestartAsync()
    {
        if (_process is null)
        {
            throw new InvalidOperationException("Only a redis-server started by the tests can be restarted.");
        }
        await StopAsync();
        _process = await LaunchAsync(_port, _dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Wait);
        }
        _process?.Dispose();
        _process = null;
    }

    private static async Task<Process> LaunchAsync(int port, string? dataDirectory)
    {
        string[] persistence = dataDirectory is null
            ? ["--save", "", "--appendonly", "no"]
            : ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dataDirectory];
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("redis-server", ["--port", $"{port}", "--bind", "127.0.0.1", .. persistence])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                "These tests need Redis: install redis-server (scripts/test.sh does) or set REALTIME_TEST_REDIS=host:port.", ex);
        }
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await Eventually.TrueAsync(() => FreePorts.Accepts(port), $"redis-server listening on {port}");
        return process;
    }
}
