namespace Realtime.Grains.Games;

/// <summary>
/// A periodic grain timer counts its period from the end of each callback, so a 20 Hz loop would
/// run slow by the callback's duration. Each tick is instead scheduled for its own deadline; after
/// a stall longer than a period the schedule restarts from now rather than bursting to catch up.
/// </summary>
public sealed class TickSchedule(TimeSpan period, TimeProvider time)
{
    private long _nextTickAt = time.GetTimestamp();

    public TimeSpan Period => period;

    /// <summary>Restarts the schedule from now.</summary>
    public void Restart() => _nextTickAt = time.GetTimestamp();

    /// <summary>How long to wait for the next tick's deadline.</summary>
    public TimeSpan NextWait()
    {
        _nextTickAt += PeriodTicks;
        var wait = time.GetElapsedTime(time.GetTimestamp(), _nextTickAt);
        if (wait < -period)
        {
            _nextTickAt = time.GetTimestamp() + PeriodTicks;
            wait = period;
        }
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private long PeriodTicks => (long)(period.TotalSeconds * time.TimestampFrequency);
}
