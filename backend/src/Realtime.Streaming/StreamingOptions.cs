using System.ComponentModel.DataAnnotations;

namespace Realtime.Streaming;

/// <summary>Limits of the streaming core, bound from the "Streaming" section.</summary>
public sealed class StreamingOptions
{
    public const string SectionName = "Streaming";

    /// <summary>
    /// Frames queued per open stream (default 256). When a lossless stream's queue is full it stops
    /// queueing and catches up from history instead, so this bounds memory per slow consumer.
    /// </summary>
    [Range(8, 65_536)]
    public int OutboxCapacity { get; set; } = 256;

    /// <summary>Events read from a grain's history per call while catching up or filling a gap (default 100).</summary>
    [Range(1, 10_000)]
    public int CatchUpPageSize { get; set; } = 100;

    /// <summary>Newest events sent as a snapshot when a resume can no longer be served from history (default 50).</summary>
    [Range(0, 10_000)]
    public int SnapshotSize { get; set; } = 50;

    /// <summary>
    /// Bus events buffered per topic on this silo before fan-out (default 4096). Overrunning it loses
    /// nothing: the feed notices the offset gap and fills it from history.
    /// </summary>
    [Range(16, 1_000_000)]
    public int FeedInboxCapacity { get; set; } = 4096;

    /// <summary>How often this silo renews the presence leases of the streams it holds (default 10 s); keep it well below the presence TTL.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PresenceRenewInterval { get; set; } = TimeSpan.FromSeconds(10);
}
