namespace Realtime.Testing;

public static class Ids
{
    /// <summary>A fresh id so every test has its own rooms and users.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 128)];
}
