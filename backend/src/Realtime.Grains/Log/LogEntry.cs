namespace Realtime.Grains.Log;

/// <summary>
/// One appended event: its offset, when it was stored, and its encoded wire frame; and, for an event a
/// client command made, the command's id, kept apart in a compact index (<see cref="IEventLog.ReadCommandIdsAsync"/>)
/// so that an owner rebuilding its idempotency window reads ids, not events.
/// </summary>
public sealed record LogEntry(long Offset, DateTimeOffset StoredAt, byte[] Data, string? CommandId = null);

/// <summary>A command id and the offset of the event it made.</summary>
public readonly record struct StoredCommand(string CommandId, long Offset);
