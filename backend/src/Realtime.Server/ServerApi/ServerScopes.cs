namespace Realtime.Server.ServerApi;

/// <summary>What a server-API key may do; each method demands one, through the policy of the same name.</summary>
public static class ServerScopes
{
    public const string Publish = "publish";
    public const string Moderate = "moderate";
    public const string Documents = "documents";
    public const string Games = "games";
    public const string Webhooks = "webhooks";
    public const string Read = "read";

    /// <summary>The claim that carries a key's scopes.</summary>
    public const string Claim = "scope";

    /// <summary>The claim that names a key's principal.</summary>
    public const string PrincipalClaim = "principal";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Publish, Moderate, Documents, Games, Webhooks, Read], StringComparer.Ordinal);
}
