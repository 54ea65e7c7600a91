using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Server.Auth;
using Realtime.Server.Hosting;

namespace Realtime.Testing;

/// <summary>
/// A real server (Kestrel on loopback + an embedded Orleans silo) in this process, on its own free
/// ports. Dispose stops it.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string SigningKey = "dGVzdC1vbmx5LXNpZ25pbmcta2V5LWZvci1yZWFsdGltZS10ZXN0cy0wMDAwMQ==";

    /// <summary>A server-API key of the principal "backend" with every scope.</summary>
    public const string ServerApiKey = "backend-key.backend-secret";

    /// <summary>A server-API key of the principal "dashboard" with the "read" scope only.</summary>
    public const string ReadOnlyServerApiKey = "dashboard-key.dashboard-secret";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly WebApplication _app;
    private readonly List<GrpcChannel> _channels = [];

    private TestServer(WebApplication app, ServerPorts ports, string dataPath)
    {
        _app = app;
        Ports = ports;
        DataPath = dataPath;
    }

    /// <summary>This server's own attachment folder, deleted with it.</summary>
    public string DataPath { get; }

    public ServerPorts Ports { get; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{Ports.Grpc}");

    public Uri WebAddress => new($"http://127.0.0.1:{Ports.Web}");

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration over the test defaults.</param>
    /// <param name="ports">Ports to listen on (free ones when null), e.g. to restart a server where it was.</param>
    /// <param name="services">Registers test doubles before the server's own services (which register theirs only if none is there).</param>
    public static async Task<TestServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, ServerPorts? ports = null, Action<IServiceCollection>? services = null)
    {
        // Kestrel binds port 0 and says which port it got; Orleans needs its silo port up front.
        var requested = ports ?? new ServerPorts(0, 0, FreePorts.Next());
        var dataPath = Path.Combine(Path.GetTempPath(), $"realtime-test-{Guid.NewGuid():N}");
        var configuration = new Dictionary<string, string?>
        {
            ["Attachments:DataPath"] = dataPath,
            ["Server:GrpcPort"] = requested.Grpc.ToString(),
            ["Server:WebPort"] = requested.Web.ToString(),
            // A stream's writer must get its reconnect hint out before this, on a loaded machine too.
            ["Server:ShutdownDrainTimeout"] = "00:00:10",
            ["Silo:Port"] = requested.Silo.ToString(),
            ["Auth:SigningKey"] = SigningKey,
            ["Auth:DevelopmentTokens"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests poll unary calls every 10 ms while they wait (Eventually); LimitsTests set the limit they test.
            ["Limits:UnaryCallsPerSecondPerUser"] = "1000",
            ["ServerApi:Keys:0:Principal"] = "backend",
            ["ServerApi:Keys:0:KeyId"] = "backend-key",
            ["ServerApi:Keys:0:SecretSha256"] = Sha256Hex("backend-secret"),
            ["ServerApi:Keys:0:Scopes:0"] = "publish",
            ["ServerApi:Keys:0:Scopes:1"] = "moderate",
            ["ServerApi:Keys:0:Scopes:2"] = "read",
            ["ServerApi:Keys:0:Scopes:3"] = "documents",
            ["ServerApi:Keys:0:Scopes:4"] = "games",
            ["ServerApi:Keys:0:Scopes:5"] = "webhooks",
            ["ServerApi:Keys:1:Principal"] = "dashboard",
            ["ServerApi:Keys:1:KeyId"] = "dashboard-key",
            ["ServerApi:Keys:1:SecretSha256"] = Sha256Hex("dashboard-secret"),
            ["ServerApi:Keys:1:Scopes:0"] = "read",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        var app = RealtimeApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(configuration);
            services?.Invoke(builder.Services);
        });
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(timeout.Token);
        var listening = app.Services.GetRequiredService<ListeningPorts>();
        return new TestServer(app, requested with { Grpc = listening.Grpc, Web = listening.Web }, dataPath);
    }

    private static string Sha256Hex(string secret) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    public string Token(string userId) => Token(userId, []);

    public string Token(string userId, IReadOnlyList<string> roles) => Services.GetRequiredService<DevelopmentTokenIssuer>().Issue(userId, roles);

    /// <summary>A native gRPC (HTTP/2) channel, disposed with the server.</summary>
    public GrpcChannel NativeChannel() => Track(GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
    }));

    /// <summary>A gRPC-Web channel over HTTP/1.1 to the web port, as a browser talks.</summary>
    public GrpcChannel WebChannel() => Track(GrpcChannel.ForAddress(WebAddress, new GrpcChannelOptions
    {
        HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new HttpClientHandler()),
        HttpVersion = new Version(1, 1),
    }));

    /// <summary>Stops the server as SIGTERM would: stopping is signalled, streams drain, then everything stops.</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        await StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }

    private GrpcChannel Track(GrpcChannel channel)
    {
        _channels.Add(channel);
        return channel;
    }
}
