using System.Security.Cryptography;

namespace Realtime.Streaming.Grpc.Streams;

public static class ConnectionIds
{
    /// <summary>An unguessable id (128 random bits, base64url), used for connections and sessions.</summary>
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
