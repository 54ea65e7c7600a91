namespace Realtime.Streaming.Resilience;

/// <summary>A background loop's failure episode: since when it fails and the last error.</summary>
public sealed record LoopFailure(DateTimeOffset Since, string Reason);
