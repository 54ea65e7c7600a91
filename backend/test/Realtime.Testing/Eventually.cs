namespace Realtime.Testing;

public static class Eventually
{
    /// <summary>Polls <paramref name="probe"/> until it yields a value, failing with <paramref name="expectation"/> after the deadline.</summary>
    public static Task<T> ValueAsync<T>(Func<T?> probe, string expectation, TimeSpan? timeout = null) where T : class =>
        ValueAsync(() => Task.FromResult(probe()), expectation, timeout);

    /// <summary>The same, for a probe that has to call something.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string expectation, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestTimeouts.Wait);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {expectation}");
            }
            await Task.Delay(10);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string expectation, TimeSpan? timeout = null) =>
        ValueAsync(() => condition() ? "" : null, expectation, timeout);

    /// <summary>The same, for a condition that has to call something.</summary>
    public static Task PassesAsync(Func<Task<bool>> condition, string expectation, TimeSpan? timeout = null) =>
        ValueAsync(async () => await condition() ? "" : null, expectation, timeout);
}
