using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Realtime.Streaming.Grpc.Identity;

public static class TokenExpiry
{
    /// <summary>When the caller's token expires ("exp"), or null for a token without one.</summary>
    public static DateTimeOffset? Of(ClaimsPrincipal user) =>
        user.FindFirst(JwtRegisteredClaimNames.Exp)?.Value is { } exp && long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
}
