namespace Realtime.Grains.Log;

/// <summary>
/// How much of a topic's log is kept: at most <see cref="MaxCount"/> entries, none older than
/// <see cref="MaxAge"/>, and none at or below <see cref="DropThrough"/> (an owner that keeps a snapshot
/// of its state at that offset no longer needs them); and the ids of the newest <see cref="CommandIds"/>
/// commands, however long their events are kept.
/// </summary>
public readonly record struct LogRetention(int MaxCount, TimeSpan MaxAge, long DropThrough = 0, int CommandIds = 0);
