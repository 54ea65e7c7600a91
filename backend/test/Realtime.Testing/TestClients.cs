using Realtime.Client;

namespace Realtime.Testing;

/// <summary>SDK clients as tests use them: a fixed token and quick reconnects.</summary>
public static class TestClients
{
    public static Task<ChatClient> ChatAsync(Uri address, string token) => ChatClient.ConnectAsync(Options(address, token)).WaitAsync(TestTimeouts.Wait);

    public static Task<DocumentClient> DocumentsAsync(Uri address, string token) => DocumentClient.ConnectAsync(Options(address, token)).WaitAsync(TestTimeouts.Wait);

    public static AccessClient Access(Uri address, string token) => new(Options(address, token));

    private static RealtimeClientOptions Options(Uri address, string token) => new()
    {
        Address = address,
        TokenProvider = _ => ValueTask.FromResult(token),
        InitialReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
    };
}
