namespace Realtime.Testing;

public static class TestTimeouts
{
    /// <summary>Upper bound for any single wait in a test; generous for a loaded 2-core CI machine.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
}
