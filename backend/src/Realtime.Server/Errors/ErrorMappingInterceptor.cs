using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Realtime.Grains.Abstractions;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Errors;

/// <summary>
/// Turns what a handler throws into a status the caller can act on, never internals: refused commands
/// keep their status and field violations; a cluster node that does not answer, or storage
/// that cannot be reached, is Unavailable (retry); anything else is Internal with only the trace id, and is logged here in full.
/// </summary>
public sealed partial class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception exception) when (Map(exception, context) is { } status)
        {
            throw status;
        }
    }

    /// <summary>The status to end the call with, or null to let the exception through (already a status, or the caller left).</summary>
    private RpcException? Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException:
                return null;
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return null;
            case IOException io when io.Message.StartsWith("Message too large", StringComparison.Ordinal):
                // A streaming request's later message with a length prefix of 2 GiB or more (see MessageLengthGuard).
                return new RpcException(new Status(StatusCode.ResourceExhausted, MessageLengthGuard.TooLargeMessage));
            case CommandException refused:
                return refused.ToRpcException();
            case TopicException refusal:
                return TopicErrors.ToCommandException(refusal).ToRpcException();
            case var _ when InfrastructureFailures.ToCommandException(exception) is { } unavailable:
                return unavailable.ToRpcException();
            default:
                var traceId = Activity.Current?.TraceId.ToString() ?? "";
                LogUnexpected(logger, exception, context.Method, traceId);
                return new RpcException(new Status(StatusCode.Internal, $"Internal error (trace {traceId})."));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed unexpectedly (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string traceId);
}
