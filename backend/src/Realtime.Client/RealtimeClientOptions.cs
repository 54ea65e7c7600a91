namespace Realtime.Client;

/// <summary>How the SDK's stream clients (<see cref="ChatClient"/>, <see cref="DocumentClient"/>) connect and reconnect.</summary>
public sealed class RealtimeClientOptions
{
    /// <summary>The server's native gRPC address (HTTP/2), e.g. http://127.0.0.1:5080.</summary>
    public required Uri Address { get; init; }

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
