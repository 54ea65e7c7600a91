using Grpc.Core;

namespace Realtime.Server.ServerApi;

public static class ServerPrincipal
{
    /// <summary>The calling principal, as its API key names it; the server API's endpoints require one.</summary>
    public static string Principal(this ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(ServerScopes.PrincipalClaim)?.Value
        ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "The server API takes an API key: authorization: ApiKey KEY_ID.SECRET."));
}
