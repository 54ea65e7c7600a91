using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Realtime.Server.ServerApi;

/// <summary>
/// The server API's authentication: "authorization: ApiKey KEY_ID.SECRET". Only the server API asks for this scheme,
/// and only for it, so a user's bearer token never reaches it and an API key opens nothing else.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ServerApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    private const string Prefix = SchemeName + " ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (keys.Verify(header[Prefix.Length..].Trim()) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }
        var claims = key.Scopes.Select(scope => new Claim(ServerScopes.Claim, scope)).Append(new Claim(ServerScopes.PrincipalClaim, key.Principal));
        var identity = new ClaimsIdentity(claims, SchemeName, ServerScopes.PrincipalClaim, null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
