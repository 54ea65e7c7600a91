namespace Realtime.Grains.Log;

/// <summary>One appended event: its offset, when it was stored, and its encoded wire frame.</summary>
public sealed record LogEntry(long Offset, DateTimeOffset StoredAt, byte[] Data);
