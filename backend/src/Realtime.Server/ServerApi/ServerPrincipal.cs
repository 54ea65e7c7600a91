using Grpc.Core;
using Realtime.Grains.Abstractions.Access;

namespace Realtime.Server.ServerApi;

public static class ServerPrincipal
{
    /// <summary>
    /// How the application acts in topics: with an admin's rights (every topic, whatever its policy, mutes and slow
    /// mode aside) and as nobody, so no reaction, read position or ownership is taken for the principal.
    /// </summary>
    public static readonly Caller Application = new("", IsAdmin: true);

    /// <summary>The application acting for <paramref name="userId"/>, or as itself when it is empty.</summary>
    public static Caller ActingFor(string userId) => Application with { UserId = userId };

    /// <summary>The calling principal, as its API key names it; the server API's endpoints require one.</summary>
    public static string Principal(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(ServerScopes.PrincipalClaim)?.Value
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The server API takes an API key: authorization: ApiKey KEY_ID.SECRET."));
}
