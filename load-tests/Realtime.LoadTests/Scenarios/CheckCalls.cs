using Grpc.Core;

namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// The calls an after-run check makes, retried as any client would: while Unavailable (a pooled connection
/// may have died with a fault) and while ResourceExhausted (a check of many threads meets the per-user limit on unary calls).
/// </summary>
public static class CheckCalls
{
    private const int Attempts = 30;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 1_000)), cancellationToken);
            }
        }
    }
}
