using Grpc.Core;

namespace Realtime.LoadTests.Scenarios;

/// <summary>The calls an after-run check makes: retried while Unavailable, as any client would (a pooled connection may have died with a fault).</summary>
public static class CheckCalls
{
    private const int Attempts = 5;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken);
            }
        }
    }
}
