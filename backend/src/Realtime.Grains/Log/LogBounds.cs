namespace Realtime.Grains.Log;

/// <summary>The oldest retained offset (LastOffset + 1 when nothing is retained) and the last offset ever appended.</summary>
public readonly record struct LogBounds(long FirstOffset, long LastOffset);
