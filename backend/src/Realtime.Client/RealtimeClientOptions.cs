namespace Realtime.Client;

/// <summary>How the SDK's stream clients (<see cref="ChatClient"/>, <see cref="DocumentClient"/>) connect and reconnect.</summary>
public sealed class RealtimeClientOptions
{
    /// <summary>
    /// The server's native gRPC address (HTTP/2), e.g. http://127.0.0.1:5080, or "dns:///host:5080"
    /// to balance over every address the name resolves to.
    /// </summary>
    public required Uri Address { get; init; }

    /// <summary>
    /// More silos to spread calls and streams over, round-robin with <see cref="Address"/> (same scheme);
    /// one that is down is skipped until it answers again.
    /// </summary>
    public IReadOnlyList<Uri> AdditionalAddresses { get; init; } = [];

    /// <summary>Deadline of each unary call (default 10 s); streams have none.</summary>
    public TimeSpan DefaultCallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Returns a current bearer token; called before every (re)connect, so it may refresh.</summary>
    public required Func<CancellationToken, ValueTask<string>> TokenProvider { get; init; }

    /// <summary>First reconnect delay (default 100 ms); doubles per failed attempt, with jitter.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest reconnect delay (default 10 s).</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Events buffered for the application before the SDK stops reading the stream (default 1024).</summary>
    public int EventBufferSize { get; init; } = 1024;

    /// <summary>Replaces the default HTTP handler (tests, custom TLS).</summary>
    public HttpMessageHandler? HttpHandler { get; init; }
}
