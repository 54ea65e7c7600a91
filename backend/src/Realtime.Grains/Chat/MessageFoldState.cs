using Realtime.Grains.Abstractions.Chat;

namespace Realtime.Grains.Chat;

/// <summary>
/// The room's changed messages folded to their current state, a cache of its log: written a second after
/// a change and on deactivation, and on activation brought up to date by folding the log's changes after
/// <see cref="FoldedThrough"/>. Messages never changed are not here, nor threads without replies; those that
/// fell out of the log's retention are dropped.
/// </summary>
[GenerateSerializer]
public sealed class MessageFoldState
{
    /// <summary>The last log offset whose change is folded in.</summary>
    [Id(0)] public long FoldedThrough { get; set; }

    [Id(1)] public Dictionary<long, MessageFold> Messages { get; set; } = [];

    /// <summary>Each thread's replies, oldest first, by the offset of its root; deleted replies stay (their fold says so).</summary>
    [Id(2)] public Dictionary<long, List<ThreadReply>> Threads { get; set; } = [];
}

/// <summary>One reply of a thread: what its summary is made of.</summary>
[GenerateSerializer, Immutable]
public sealed record ThreadReply([property: Id(0)] long Offset, [property: Id(1)] string SenderId, [property: Id(2)] DateTimeOffset SentAt);

/// <summary>One changed message: who sent it (for the rules of who may change it), its edits, its deletion, its reactions.</summary>
[GenerateSerializer]
public sealed class MessageFold
{
    /// <summary>Read from the log when the first change of this activation needs it (a fold rebuilt from changes alone has none).</summary>
    [Id(0)] public string? SenderId { get; set; }

    [Id(1)] public bool SharesFile { get; set; }

    [Id(2)] public bool Deleted { get; set; }

    /// <summary>The edits, oldest first; the last one's content is the message's.</summary>
    [Id(3)] public List<MessageVersion> Edits { get; set; } = [];

    /// <summary>Emoji to the users who have it on the message now.</summary>
    [Id(4)] public Dictionary<string, HashSet<string>> Reactions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>For a reply, its thread's root: a deletion changes that thread's summary.</summary>
    [Id(5)] public long ThreadOffset { get; set; }

    /// <summary>Pinned to the room now: by whom and when (the pin's change).</summary>
    [Id(6)] public bool Pinned { get; set; }

    [Id(7)] public string PinnedBy { get; set; } = "";

    [Id(8)] public DateTimeOffset PinnedAt { get; set; }
}
