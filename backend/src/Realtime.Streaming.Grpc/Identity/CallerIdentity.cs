using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Realtime.Grains.Abstractions.Access;

namespace Realtime.Streaming.Grpc.Identity;

public static class CallerIdentity
{
    /// <summary>The role claim that makes a token an operator's: admin calls, and every topic's owner rights.</summary>
    public const string AdminRole = "admin";

    /// <summary>The caller's user id: the validated token's subject. Endpoints require authorization, so it is present.</summary>
    public static string UserId(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(JwtRegisteredClaimNames.Sub)?.Value
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The token has no subject."));

    /// <summary>The caller as topic grains check it: the token's subject, and whether the token carries the admin role.</summary>
    public static Caller Caller(this ServerCallContext context) =>
        new(context.UserId(), context.GetHttpContext().User.IsInRole(AdminRole));
}
