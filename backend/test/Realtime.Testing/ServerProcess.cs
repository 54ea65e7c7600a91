using System.Diagnostics;

namespace Realtime.Testing;

/// <summary>
/// The server as a separate process (the Realtime.Server.dll next to the tests), so a test can kill it
/// the hard way. Output is drained; Dispose kills it if it still runs.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, ServerPorts ports)
    {
        _process = process;
        Ports = ports;
    }

    public ServerPorts Ports { get; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{Ports.Grpc}");

    public Uri WebAddress => new($"http://127.0.0.1:{Ports.Web}");

    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var ports = ServerPorts.Free();
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "Realtime.Server.dll") };
        var configuration = new Dictionary<string, string?>(settings)
        {
            ["Server:GrpcPort"] = ports.Grpc.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Server:WebPort"] = ports.Web.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Silo:Port"] = ports.Silo.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Auth:SigningKey"] = TestServer.SigningKey,
            ["Auth:DevelopmentTokens"] = "true",
            ["Attachments:DataPath"] = Path.Combine(Path.GetTempPath(), $"realtime-process-{Guid.NewGuid():N}"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in configuration)
        {
            arguments.Add($"--{key}={value}");
        }
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("The server process did not start.");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var server = new ServerProcess(process, ports);
        try
        {
            await Eventually.TrueAsync(() => !process.HasExited && FreePorts.Accepts(ports.Grpc) && FreePorts.Accepts(ports.Web), "the server process to listen", TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().WaitAsync(TestTimeouts.Wait);
        _process.Dispose();
    }
}
