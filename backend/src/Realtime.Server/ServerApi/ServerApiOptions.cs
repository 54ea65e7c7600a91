namespace Realtime.Server.ServerApi;

/// <summary>The server API for application backends (realtime.server.v1), bound from the "ServerApi" section.</summary>
public sealed class ServerApiOptions
{
    public const string SectionName = "ServerApi";

    /// <summary>The API keys that may call; none configured, every call is refused Unauthenticated.</summary>
    public List<ServerApiKey> Keys { get; set; } = [];

    /// <summary>Calls per second for each principal, over all its keys and methods (default 500).</summary>
    public int CallsPerSecondPerPrincipal { get; set; } = 500;

    /// <summary>The most messages or rooms one batch call names (default 100).</summary>
    public int MaxBatch { get; set; } = 100;
}

/// <summary>
/// One API key: presented as "KEY_ID.SECRET", stored as the SHA-256 of the secret (lower-case hex), so the
/// configuration never holds the secret itself. Several keys may name one principal: that is how a key is rotated.
/// </summary>
public sealed class ServerApiKey
{
    /// <summary>Who calls: named in logs, in rate limits and in the posted_by of what it publishes.</summary>
    public string Principal { get; set; } = "";

    public string KeyId { get; set; } = "";

    public string SecretSha256 { get; set; } = "";

    /// <summary>Any of "publish", "moderate", "documents", "games", "read".</summary>
    public string[] Scopes { get; set; } = [];
}
