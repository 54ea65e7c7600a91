using Realtime.Client;

namespace Realtime.Testing;

/// <summary>SDK clients as tests use them: a fixed token and quick reconnects.</summary>
public static class TestClients
{
    public static Task<ChatClient> ChatAsync(Uri address, string token) => ChatClient.ConnectAsync(new RealtimeClientOptions
    {
        Address = address,
        TokenProvider = _ => ValueTask.FromResult(token),
        InitialReconnectDelay = TimeSpan.FromMilliseconds(50),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(500),
    }).WaitAsync(TestTimeouts.Wait);
}
