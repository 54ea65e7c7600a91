using System.Collections.Concurrent;
using Grpc.Core;
using Realtime.Client;

namespace Realtime.LoadTests.Connections;

/// <summary>Development tokens from the server, one per simulated user, fetched once.</summary>
public sealed class Tokens(Uri web)
{
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new(StringComparer.Ordinal);

    public Task<string> ForAsync(string user, CancellationToken cancellationToken) =>
        _tokens.GetOrAdd(user, u => DevelopmentTokens.FetchAsync(web, u, cancellationToken));

    public async Task<Metadata> HeadersAsync(string user, CancellationToken cancellationToken) =>
        new() { { "authorization", $"Bearer {await ForAsync(user, cancellationToken)}" } };
}
