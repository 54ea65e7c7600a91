using System.Threading.RateLimiting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Limits;

namespace Realtime.Server.ServerApi;

/// <summary>
/// Every server-API call, whether over gRPC or JSON: limited per principal (ResourceExhausted with when to retry),
/// and logged with the principal, the method and how it ended, so an operator can tell which backend did what.
/// </summary>
public sealed partial class ServerApiCallInterceptor : Interceptor, IDisposable
{
    private readonly PartitionedRateLimiter<string> _calls;
    private readonly ILogger<ServerApiCallInterceptor> _logger;

    public ServerApiCallInterceptor(IOptions<ServerApiOptions> options, ILogger<ServerApiCallInterceptor> logger)
    {
        var perSecond = options.Value.CallsPerSecondPerPrincipal;
        _calls = PartitionedRateLimiter.Create<string, string>(principal =>
            RateLimitPartition.GetTokenBucketLimiter(principal, _ => RateLimited.Bucket(perSecond, TimeSpan.FromSeconds(1))));
        _logger = logger;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var principal = context.Principal();
        using (var lease = _calls.AttemptAcquire(principal))
        {
            if (!lease.IsAcquired)
            {
                LogCall(_logger, context.Method, principal, nameof(StatusCode.ResourceExhausted));
                throw RateLimited.Refusal("server API", $"Too many server API calls by '{principal}'; retry later.", RateLimited.RetryAfter(lease, TimeSpan.FromSeconds(1)));
            }
        }
        try
        {
            var response = await continuation(request, context);
            LogCall(_logger, context.Method, principal, nameof(StatusCode.OK));
            return response;
        }
        catch (Exception exception)
        {
            var outcome = Outcome(exception);
            LogCall(_logger, context.Method, principal, outcome);
            throw;
        }
    }

    private static string Outcome(Exception exception) => exception switch
    {
        RpcException rpc => rpc.StatusCode.ToString(),
        CommandException refused => refused.Code.ToString(),
        TopicException refusal => TopicErrors.StatusOf(refusal.Kind).ToString(),
        _ => exception.GetType().Name,
    };

    public void Dispose() => _calls.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Server API {Method} by {Principal}: {Outcome}")]
    private static partial void LogCall(ILogger logger, string method, string principal, string outcome);
}
