using System.ComponentModel.DataAnnotations;

namespace Realtime.Grains.Chat;

/// <summary>Chat limits, bound from the "Chat" section and validated at start-up.</summary>
public sealed class ChatOptions
{
    public const string SectionName = "Chat";

    /// <summary>Largest message content in UTF-8 bytes (default 16 KiB); larger sends get ResourceExhausted.</summary>
    [Range(1, 1_048_576)]
    public int MaxContentBytes { get; set; } = 16 * 1024;

    /// <summary>Longest client message id in characters (default 128).</summary>
    [Range(8, 1024)]
    public int MaxClientMessageIdLength { get; set; } = 128;

    /// <summary>Most users one message mentions, named and @-mentioned together (default 50).</summary>
    [Range(0, 1_000)]
    public int MaxMentions { get; set; } = 50;

    /// <summary>Longest kind of a typed message in characters (default 64).</summary>
    [Range(1, 256)]
    public int MaxKindLength { get; set; } = 64;

    /// <summary>Most metadata entries on a typed message (default 32).</summary>
    [Range(0, 1024)]
    public int MaxMetadataEntries { get; set; } = 32;

    /// <summary>Largest metadata of a message, keys and values together, in UTF-8 bytes (default 4 KiB).</summary>
    [Range(0, 1_048_576)]
    public int MaxMetadataBytes { get; set; } = 4 * 1024;

    /// <summary>Most different emojis on one message (default 50); a reaction with another gets ResourceExhausted.</summary>
    [Range(1, 1_000)]
    public int MaxReactionsPerMessage { get; set; } = 50;

    /// <summary>Notifications kept per user, the newest (default 500).</summary>
    [Range(1, 100_000)]
    public int InboxMaxCount { get; set; } = 500;

    /// <summary>Most messages pinned in one room (default 50); pinning another gets ResourceExhausted.</summary>
    [Range(1, 1_000)]
    public int MaxPinnedMessages { get; set; } = 50;

    /// <summary>Longest room display name in characters (default 100).</summary>
    [Range(1, 1024)]
    public int MaxDisplayNameLength { get; set; } = 100;

    /// <summary>Messages retained per room for resume and history (default 10,000).</summary>
    [Range(1, 10_000_000)]
    public int HistoryMaxCount { get; set; } = 10_000;

    /// <summary>Oldest message retained (default 7 days). Resumes from before that get continuity-lost.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan HistoryMaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Recent client message ids remembered per room to make resends idempotent (default 10,000).
    /// A resend older than this window is stored again.
    /// </summary>
    [Range(1, 1_000_000)]
    public int IdempotencyWindow { get; set; } = 10_000;

    /// <summary>
    /// Present users a join (RoomJoined) and a catch-up (PresenceSnapshot) carry at most, the first in id
    /// order (default 100); the exact count comes with them and ListMembers pages through the rest, so a
    /// crowd of 10,000 is not sent to each of its members as it joins.
    /// </summary>
    [Range(0, 10_000)]
    public int MembersInJoin { get; set; } = 100;

    /// <summary>
    /// Present users above which presence batches carry only the count, not who joined or left (default
    /// 1,000): otherwise each of N members receives each of N arrivals, N² names for a crowd to gather.
    /// </summary>
    [Range(0, 1_000_000)]
    public int NamedPresenceLimit { get; set; } = 1_000;

    /// <summary>
    /// Most sends one log append stores (default 256): sends that arrive while an append is in flight
    /// are stored together by the next (a group commit), at most this many per round trip.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxCommitBatch { get; set; } = 256;

    /// <summary>A member whose lease was not renewed for this long is dropped and a leave is broadcast (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PresenceTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Presence changes are coalesced and broadcast at most once per this interval (default 250 ms).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PresenceBatchInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Rooms one stream or session may have joined at once (default 100).</summary>
    [Range(1, 10_000)]
    public int MaxRoomsPerStream { get; set; } = 100;
}
