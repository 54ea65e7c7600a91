using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Realtime.LoadTests.Compare;

/// <summary>
/// One server of the comparison as a process of its own on loopback (Realtime embedded, the bare gRPC
/// baseline or the SignalR baseline), started from its build output on port 0; it says which port it got.
/// </summary>
public sealed partial class ServerUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private ServerUnderTest(Process process, string name, Uri target, Uri web)
    {
        (_process, Name, Target, Web) = (process, name, target, web);
    }

    public string Name { get; }

    public int Pid => _process.Id;

    /// <summary>Where clients connect.</summary>
    public Uri Target { get; }

    /// <summary>Where development tokens come from (Realtime only; the baselines take none).</summary>
    public Uri Web { get; }

    public static Task<ServerUnderTest> RealtimeAsync(string root, string configuration, CancellationToken cancellationToken) =>
        StartAsync("Realtime", Build(root, "backend/src/Realtime.Server", "Realtime.Server", configuration),
        [
            "--Server:GrpcPort=0", "--Server:WebPort=0", $"--Silo:Port={FreePort()}",
            $"--Auth:SigningKey={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}",
            "--Auth:DevelopmentTokens=true",
            // The comparison measures delivery, not the protective limits: one user per member, any send rate.
            "--Limits:CommandsPerSecond=100000", "--Limits:StreamOpensPerUserPerMinute=1000000",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Realtime.Server.Hosting.ListeningPorts=Information",
        ],
        RealtimeListening(), match => (Port(match, 1), Port(match, 2)), cancellationToken);

    public static Task<ServerUnderTest> BareGrpcAsync(string root, string configuration, CancellationToken cancellationToken) =>
        StartAsync("bare gRPC", Build(root, "benchmarks/Realtime.Baselines.BareGrpc", "Realtime.Baselines.BareGrpc", configuration), ["--port=0"],
            BaselineListening(), match => (Port(match, 1), Port(match, 1)), cancellationToken);

    public static Task<ServerUnderTest> SignalRAsync(string root, string configuration, CancellationToken cancellationToken) =>
        StartAsync("SignalR", Build(root, "benchmarks/Realtime.Baselines.SignalR", "Realtime.Baselines.SignalR", configuration), ["--port=0"],
            BaselineListening(), match => (Port(match, 1), Port(match, 1)), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private static string Build(string root, string project, string assembly, string configuration)
    {
        var path = Path.Combine(root, project, "bin", configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; run: dotnet build Realtime.sln -c {configuration}");
    }

    private static async Task<ServerUnderTest> StartAsync(
        string name, string dll, string[] arguments, Regex listening, Func<Match, (int Target, int Web)> ports, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        var bound = new TaskCompletionSource<(int, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (listening.Match(line) is { Success: true } match)
                {
                    bound.TrySetResult(ports(match));
                }
            }
            bound.TrySetException(new InvalidOperationException($"{name} ended before it listened."));
        }, CancellationToken.None);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            var (target, web) = await bound.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return new ServerUnderTest(process, name, new Uri($"http://127.0.0.1:{target}"), new Uri($"http://127.0.0.1:{web}"));
        }
        catch (InvalidOperationException ended)
        {
            throw new InvalidOperationException($"{ended.Message} Its errors: {await errors}", ended);
        }
        finally
        {
            if (!bound.Task.IsCompletedSuccessfully)
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
            }
        }
    }

    private static int Port(Match match, int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        // Orleans needs its silo port up front; Kestrel's ports are bound as 0.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Listening: grpc=(\d+) web=(\d+)")]
    private static partial Regex RealtimeListening();

    [GeneratedRegex(@"Listening: \w+=(\d+)")]
    private static partial Regex BaselineListening();
}
