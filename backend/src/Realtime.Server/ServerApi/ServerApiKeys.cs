using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Realtime.Server.ServerApi;

/// <summary>Checks a presented "KEY_ID.SECRET" against the configured keys, comparing hashes in constant time.</summary>
public sealed class ServerApiKeys(IOptions<ServerApiOptions> options)
{
    private readonly Dictionary<string, (ServerApiKey Key, byte[] Hash)> _byId = options.Value.Keys.ToDictionary(
        key => key.KeyId, key => (key, Convert.FromHexString(key.SecretSha256)), StringComparer.Ordinal);

    /// <summary>The key that <paramref name="presented"/> is, or null when it names no key or its secret is wrong.</summary>
    public ServerApiKey? Verify(string presented)
    {
        var dot = presented.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !_byId.TryGetValue(presented[..dot], out var known))
        {
            return null;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented[(dot + 1)..]));
        return CryptographicOperations.FixedTimeEquals(hash, known.Hash) ? known.Key : null;
    }
}
