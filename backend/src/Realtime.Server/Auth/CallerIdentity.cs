using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Realtime.Server.Auth;

public static class CallerIdentity
{
    /// <summary>The caller's user id: the validated token's subject. Endpoints require authorization, so it is present.</summary>
    public static string UserId(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The token has no subject."));
}
