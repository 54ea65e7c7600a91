using Realtime.Processes;

namespace Realtime.Testing;

/// <summary>
/// The server as a separate process (the Realtime.Server.dll next to the tests), so a test can kill it
/// the hard way. Output is drained; Dispose kills it if it still runs.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly ListeningProcess _process;

    private ServerProcess(ListeningProcess process, ServerPorts ports)
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
        var process = await ListeningProcess.StartAsync(
            "The server process",
            Path.Combine(AppContext.BaseDirectory, "Realtime.Server.dll"),
            configuration.Select(setting => $"--{setting.Key}={setting.Value}"),
            ListeningLine(),
            TimeSpan.FromSeconds(60));
        return new ServerProcess(process, new ServerPorts(process.Port(1), process.Port(2), siloPort));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Listening: grpc=(\d+) web=(\d+)")]
    private static partial System.Text.RegularExpressions.Regex ListeningLine();

    /// <summary>kill -9: no shutdown, no goodbye to the cluster.</summary>
    public void Kill() => _process.Kill();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
