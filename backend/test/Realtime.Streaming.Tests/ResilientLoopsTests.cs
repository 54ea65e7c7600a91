using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Streaming.Resilience;
using Realtime.Testing;

namespace Realtime.Streaming.Tests;

[Trait("Tier", "unit")]
public sealed class ResilientLoopsTests
{
    [Fact]
    public async Task A_failing_round_is_retried_reported_while_it_fails_and_cleared_once_it_succeeds()
    {
        var loops = new ResilientLoops(TimeProvider.System, NullLogger<ResilientLoops>.Instance);
        using var stop = new CancellationTokenSource();
        var rounds = 0;
        var seenFailingDuringOutage = false;
        var clearedAfterRecovery = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = loops.RunAsync("flaky", TimeSpan.FromMilliseconds(20), _ =>
        {
            rounds++;
            if (rounds == 3)
            {
                seenFailingDuringOutage = loops.Failing.TryGetValue("flaky", out var failure) && failure.Reason == "outage 2";
            }
            if (rounds <= 3)
            {
                throw new InvalidOperationException($"outage {rounds}");
            }
            if (rounds == 5 && !loops.Failing.ContainsKey("flaky"))
            {
                clearedAfterRecovery.TrySetResult();
            }
            return Task.CompletedTask;
        }, stop.Token);

        await clearedAfterRecovery.Task.WaitAsync(TestTimeouts.Wait);
        Assert.True(seenFailingDuringOutage, "the loop was not reported failing, with its last error, during the outage");
        Assert.False(run.IsCompleted, "the loop ended after failures instead of retrying");
        await stop.CancelAsync();
        await run.WaitAsync(TestTimeouts.Wait);
        Assert.True(run.IsCompletedSuccessfully, "stopping the loop threw instead of ending it");
    }

    [Theory]
    [InlineData(1, 500)]
    [InlineData(2, 1000)]
    [InlineData(4, 4000)]
    [InlineData(30, 60000)]
    public void Backoff_doubles_from_half_a_second_up_to_the_interval(int failures, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), ResilientLoops.Backoff(failures, TimeSpan.FromMinutes(1)));
}
