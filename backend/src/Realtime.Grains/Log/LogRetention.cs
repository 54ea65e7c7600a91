namespace Realtime.Grains.Log;

/// <summary>How much of a topic's log is kept: at most <see cref="MaxCount"/> entries, none older than <see cref="MaxAge"/>.</summary>
public readonly record struct LogRetention(int MaxCount, TimeSpan MaxAge);
