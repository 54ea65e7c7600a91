
namespace Realtime.Server.Auth;

/// <summary>Bearer-token validation, bound from the "Auth" section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The claim that carries a token's roles ("admin" for the operator surface).</summary>
    public const string RoleClaim = "role";

    /// <summary>Expected "iss" of tokens (default "realtime"); ignored with an <see cref="Authority"/>, whose own issuer is the valid one.</summary>
    public string Issuer { get; set; } = "realtime";

    /// <summary>Expected "aud" of tokens (default "realtime").</summary>
    public string Audience { get; set; } = "realtime";

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes (tokens this server or a trusted party signs, and the development issuer's key); never logged.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>PEM files of RSA or EC public keys whose tokens are accepted (an external issuer without discovery).</summary>
    public string[] PublicKeyPaths { get; set; } = [];

    /// <summary>
    /// An OpenID Connect authority (e.g. "https://login.example.com/realm"): its discovery document gives
    /// the issuer and the JWKS, whose keys are fetched and refreshed as they rotate.
    /// </summary>
    public string Authority { get; set; } = "";

    /// <summary>Whether the authority's metadata must come over HTTPS (default true; false only for local tests).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Enables POST /dev/token?user=NAME, which signs a token for any name (default false; the
    /// Development environment's settings turn it on). Never enable it on a reachable server.
    /// </summary>
    public bool DevelopmentTokens { get; set; }

    /// <summary>
    /// How long a stream may outlive its token (default 30 s); then it ends with Unauthenticated and the
    /// client reconnects with a fresh token and resumes where it was.
    /// </summary>
    public TimeSpan StreamExpiryGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of development tokens (default 12 h).</summary>
    public TimeSpan DevelopmentTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public byte[] SigningKeyBytes() => Convert.FromBase64String(SigningKey);

    public bool HasSigningKey => SigningKey.Length > 0;
}
