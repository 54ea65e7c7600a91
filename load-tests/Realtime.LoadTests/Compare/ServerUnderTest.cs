using System.Text.RegularExpressions;
using Realtime.Processes;

namespace Realtime.LoadTests.Compare;

/// <summary>
/// One server of the comparison as a process of its own on loopback (Realtime embedded, the bare gRPC
/// baseline or the SignalR baseline), started from its build output on port 0; it says which port it got.
/// </summary>
public sealed partial class ServerUnderTest : IAsyncDisposable
{
    private readonly ListeningProcess _process;

    private ServerUnderTest(ListeningProcess process, string name, Uri target, Uri web)
    {
        (_process, Name, Target, Web) = (process, name, target, web);
    }

    public string Name { get; }

    public int Pid => _process.Pid;

    /// <summary>Where clients connect.</summary>
    public Uri Target { get; }

    /// <summary>Where development tokens come from (Realtime only; the baselines take none).</summary>
    public Uri Web { get; }

    public static Task<ServerUnderTest> RealtimeAsync(string root, string configuration, CancellationToken cancellationToken) =>
        StartAsync("Realtime", Build(root, "backend/src/Realtime.Server", "Realtime.Server", configuration),
        [
            "--Server:GrpcPort=0", "--Server:WebPort=0", $"--Silo:Port={ListeningProcess.FreeLoopbackPort()}",
            $"--Auth:SigningKey={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}",
            "--Auth:DevelopmentTokens=true",
            // The comparison measures delivery, not the protective limits: one user per member, any send rate.
            "--Limits:CommandsPerSecond=100000", "--Limits:StreamOpensPerUserPerMinute=1000000",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Realtime.Server.Hosting.ListeningPorts=Information",
        ],
        RealtimeListening(), webGroup: 2, cancellationToken);

    public static Task<ServerUnderTest> BareGrpcAsync(string root, string configuration, CancellationToken cancellationToken) =>
        StartAsync("bare gRPC", Build(root, "benchmarks/Realtime.Baselines.BareGrpc", "Realtime.Baselines.BareGrpc", configuration), ["--port=0"],
            BaselineListening(), webGroup: 1, cancellationToken);

    public static Task<ServerUnderTest> SignalRAsync(string root, string configuration, CancellationToken cancellationToken) =>
        StartAsync("SignalR", Build(root, "benchmarks/Realtime.Baselines.SignalR", "Realtime.Baselines.SignalR", configuration), ["--port=0"],
            BaselineListening(), webGroup: 1, cancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string Build(string root, string project, string assembly, string configuration)
    {
        var path = Path.Combine(root, project, "bin", configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; run: dotnet build Realtime.sln -c {configuration}");
    }

    /// <summary>Group 1 of the start-up line is where clients connect; <paramref name="webGroup"/> where tokens come from.</summary>
    private static async Task<ServerUnderTest> StartAsync(
        string name, string dll, string[] arguments, Regex listening, int webGroup, CancellationToken cancellationToken)
    {
        var process = await ListeningProcess.StartAsync(name, dll, arguments, listening, TimeSpan.FromSeconds(60), cancellationToken);
        return new ServerUnderTest(process, name, new Uri($"http://127.0.0.1:{process.Port(1)}"), new Uri($"http://127.0.0.1:{process.Port(webGroup)}"));
    }

    [GeneratedRegex(@"Listening: grpc=(\d+) web=(\d+)")]
    private static partial Regex RealtimeListening();

    [GeneratedRegex(@"Listening: \w+=(\d+)")]
    private static partial Regex BaselineListening();
}
