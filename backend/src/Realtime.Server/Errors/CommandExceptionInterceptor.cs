using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Realtime.Server.Errors;

/// <summary>Maps refused commands of unary calls to their status; anything else stays an opaque Internal (grpc-dotnet hides details).</summary>
public sealed class CommandExceptionInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (CommandException ex)
        {
            throw ex.ToRpcException();
        }
    }
}
