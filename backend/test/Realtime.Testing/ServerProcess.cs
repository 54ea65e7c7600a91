using System.Diagnostics;

namespace Realtime.Testing;

/// <summary>
/// The server as a separate process (the Realtime.Server.dll next to the tests), so a test can kill it
/// the hard way. Output is drained; Dispose kills it if it still runs.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
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
        var siloPort = FreePorts.Next();
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "Realtime.Server.dll") };
        var configuration = new Dictionary<string, string?>(settings)
        {
            ["Server:GrpcPort"] = "0",
            ["Server:WebPort"] = "0",
            ["Silo:Port"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Auth:SigningKey"] = TestServer.SigningKey,
            ["Auth:DevelopmentTokens"] = "true",
            ["Attachments:DataPath"] = Path.Combine(Path.GetTempPath(), $"realtime-process-{Guid.NewGuid():N}"),
            ["Logging:LogLevel:Default"] = "Warning",
            // The line that says which ports the server bound.
            ["Logging:LogLevel:Realtime.Server.Hosting.ListeningPorts"] = "Information",
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
        var listening = ListeningPortsAsync(process.StandardOutput);
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            var (grpc, web) = await listening.WaitAsync(TimeSpan.FromSeconds(60));
            return new ServerProcess(process, new ServerPorts(grpc, web, siloPort));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Reads the server's output (all of it, so it never blocks) and answers the ports its start-up line names.</summary>
    private static Task<(int Grpc, int Web)> ListeningPortsAsync(StreamReader output)
    {
        var ports = new TaskCompletionSource<(int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (await output.ReadLineAsync() is { } line)
            {
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    ports.TrySetResult((int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
            ports.TrySetException(new InvalidOperationException("The server process ended before it listened."));
        });
        return ports.Task;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Listening: grpc=(\d+) web=(\d+)")]
    private static partial System.Text.RegularExpressions.Regex ListeningLine();

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
