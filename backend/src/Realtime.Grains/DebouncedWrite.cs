namespace Realtime.Grains;

/// <summary>
/// A grain's stored state written together after changes, at most once per <paramref name="delay"/>: a crowd
/// of changes does not rewrite the state once each. A failed write (storage down) is tried again a delay later.
/// </summary>
public sealed class DebouncedWrite(IGrainBase grain, Func<CancellationToken, Task> write, TimeSpan delay)
{
    private IGrainTimer? _timer;

    /// <summary>Whether a change waits to be written.</summary>
    public bool Due => _timer is not null;

    public void Schedule() =>
        _timer ??= grain.RegisterGrainTimer(WriteAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan));

    /// <summary>
    /// Writes now (the timer's callback, or a deactivation). The timer is disposed only after the write:
    /// disposing a grain timer cancels the token its callback was given, so disposing it first made every
    /// timed write fail with a cancellation.
    /// </summary>
    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        var timer = _timer;
        _timer = null;
        try
        {
            await write(cancellationToken);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            Schedule();
            throw;
        }
        finally
        {
            timer?.Dispose();
        }
    }
}
