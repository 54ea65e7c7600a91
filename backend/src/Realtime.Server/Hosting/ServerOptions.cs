using System.ComponentModel.DataAnnotations;

namespace Realtime.Server.Hosting;

/// <summary>Listening and stream-lifecycle settings, bound from the "Server" section.</summary>
public sealed class ServerOptions
{
    public const string SectionName = "Server";

    /// <summary>Address both ports bind to (default 127.0.0.1; use 0.0.0.0 behind a balancer).</summary>
    [Required]
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Cleartext HTTP/2 port for native gRPC clients (default 5080; 0 picks a free port).</summary>
    [Range(0, 65_535)]
    public int GrpcPort { get; set; } = 5080;

    /// <summary>HTTP/1.1 port for gRPC-Web, the dev token endpoint and later the web app (default 5081).</summary>
    [Range(0, 65_535)]
    public int WebPort { get; set; } = 5081;

    /// <summary>Largest message a client may send, in bytes (default 64 KiB); larger frames end the call with ResourceExhausted.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxReceiveMessageBytes { get; set; } = 64 * 1024;

    /// <summary>On shutdown, how long open streams get to flush and receive their reconnect hint (default 5 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The TLS endpoint (off by default): native gRPC and gRPC-Web on one port, optionally mTLS.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>The delay the reconnect hint asks clients to wait before reconnecting (default 500 ms).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ReconnectRetryAfter { get; set; } = TimeSpan.FromMilliseconds(500);
}
