using System.Diagnostics;
using System.Net.Sockets;

namespace Realtime.Testing;

/// <summary>
/// A real Redis for tests: the connection string in REALTIME_TEST_REDIS if set, otherwise a
/// redis-server child process on a free port (no persistence), stopped with the fixture. There is no
/// fake and no skipping: without Redis the tests that need it fail and say how to get one.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process? _process;

    private RedisServer(string connectionString, Process? process)
    {
        ConnectionString = connectionString;
        _process = process;
    }

    public string ConnectionString { get; }

    public static async Task<RedisServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("REALTIME_TEST_REDIS") is { Length: > 0 } configured)
        {
            return new RedisServer(configured, null);
        }
        var port = FreePorts.Next();
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("redis-server", ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
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
        var server = new RedisServer($"127.0.0.1:{port},abortConnect=false", process);
        await Eventually.TrueAsync(() => Accepts(port), $"redis-server listening on {port}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TestTimeouts.Wait);
        }
        _process?.Dispose();
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
