using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Realtime.Server.Validation;

namespace Realtime.Server.Auth;

public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddRealtimeAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DevelopmentTokenIssuer>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<AuthOptions>>((jwt, auth) =>
        {
            var options = auth.Value;
            // Keep "sub" as "sub": identity is the token's subject, nothing else.
            jwt.MapInboundClaims = false;
            if (options.Authority.Length > 0)
            {
                // Discovery: the authority's issuer and its JWKS, refreshed as keys rotate.
                jwt.Authority = options.Authority;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
            }
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                // With an authority, its discovery document names the one valid issuer.
                ValidIssuer = options.Authority.Length > 0 ? null : options.Issuer,
                ValidAudience = options.Audience,
                IssuerSigningKeys = [.. SigningKeys.From(options)],
                NameClaimType = JwtRegisteredClaimNames.Sub,
                RoleClaimType = AuthOptions.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>POST /dev/token?user=NAME[&amp;role=ROLE…] → a signed token, only when Auth:DevelopmentTokens is on.</summary>
    public static WebApplication MapDevelopmentTokens(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.DevelopmentTokens)
        {
            return app;
        }
        app.MapPost("/dev/token", (string? user, [FromQuery] string[]? role, DevelopmentTokenIssuer issuer) =>
            user is null || !Identifiers.IsValid(user) ? Results.BadRequest($"user: {Identifiers.Rule}")
            : role?.Any(r => !Identifiers.IsValid(r)) == true ? Results.BadRequest($"role: {Identifiers.Rule}")
            : Results.Text(issuer.Issue(user, role ?? [])));
        return app;
    }
}
