using Orleans.Concurrency;
using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Chat;

/// <summary>
/// A chat room: the single writer of its messages. Each stored message gets the next offset and
/// is acked only after it is in the room's log; presence and typing are relayed, never stored.
/// A room comes into being on its first join (public, owned by that joiner) or an explicit create; every
/// join and command is checked against the room's access policy.
/// </summary>
public interface IChatRoomGrain : ITopicGrain, IAccessControlledGrain
{
    /// <summary>Creates the room. Throws <see cref="TopicException"/> (AlreadyExists) if it exists.</summary>
    Task<ChatRoomInfo> CreateAsync(string displayName, string createdBy, TopicAccess access);

    /// <summary>The room, or null if it was never used.</summary>
    Task<ChatRoomInfo?> GetAsync();

    /// <summary>Adds a connection's user to the room (creating the room on first use); demands <see cref="AccessRole.Reader"/>.</summary>
    Task<ChatJoinResult> JoinAsync(Caller caller, PresenceLease lease);

    Task LeaveAsync(string connectionId);

    /// <summary>
    /// Stores a message once per (sender, client message id) and returns its position; demands <see cref="AccessRole.Writer"/>.
    /// Sends interleave with each other and with other calls' awaits, so that those arriving during one
    /// log append are stored together by the next. A send checks and numbers its message with no await in between.
    /// </summary>
    [AlwaysInterleave]
    Task<ChatSendResult> SendAsync(Caller sender, ChatDraft draft);

    /// <summary>
    /// Stores a stream's sends that queued up behind each other, in their order, as <see cref="SendAsync"/>
    /// stores each: one grain call for the run, one log append for all of it when nothing else is in flight.
    /// Each is stored or refused on its own; after a refusal the client is to retry (slow mode), the sends behind
    /// it are refused the same way, so that they are stored after it, in the stream's order.
    /// </summary>
    [AlwaysInterleave]
    Task<ChatSendOutcome[]> SendManyAsync(Caller sender, ChatDraft[] drafts);

    /// <summary>Posts a message sharing a stored file (content = its name), once per (sender, clientMessageId); interleaves like <see cref="SendAsync"/>.</summary>
    [AlwaysInterleave]
    Task<ChatSendResult> ShareAsync(Caller sender, string clientMessageId, SharedFile file);

    /// <summary>
    /// Stores an edit, deletion or reaction of a stored message as the room's next event, once per (caller,
    /// client change id), and returns its position; demands <see cref="AccessRole.Writer"/> (a pin too), and for an edit
    /// the message's author, for a deletion its author or a moderator (<see cref="AccessRole.Moderator"/> or above). Changes run one at a time.
    /// </summary>
    Task<ChatSendResult> ChangeAsync(Caller caller, ChatChange change);

    /// <summary>Mutes or bans a member, or sets slow mode or read receipts (demands <see cref="AccessRole.Moderator"/>); in force once this returns, and stored as the room's next event.</summary>
    Task<ChatSendResult> ModerateAsync(Caller caller, RoomModeration moderation);

    /// <summary>A retained message's versions, oldest first (none once deleted); NotFound if the offset is not a retained message.</summary>
    Task<MessageVersion[]> ReadVersionsAsync(long messageOffset, CancellationToken cancellationToken);

    /// <summary>
    /// The thread rooted at <paramref name="threadOffset"/>: the root and up to <paramref name="maxCount"/> replies
    /// after <paramref name="afterOffset"/>, each as it is now for <paramref name="viewerId"/>. NotFound if the
    /// offset is not a retained message, Invalid if it is a reply.
    /// </summary>
    Task<ThreadPage> ReadThreadAsync(long threadOffset, long afterOffset, int maxCount, string viewerId, CancellationToken cancellationToken);

    /// <summary>The room's pinned messages, each an encoded <c>PinnedMessage</c> in its current state for <paramref name="viewerId"/>, the most recently pinned first.</summary>
    Task<byte[][]> ReadPinnedAsync(string viewerId, CancellationToken cancellationToken);

    Task SetTypingAsync(Caller caller, bool typing);

    /// <summary>
    /// Moves the caller's read position forward to <paramref name="offset"/> (clamped to the room's end), counts what is unread
    /// after it and announces a move live to the caller's streams (and with read receipts to every member's); demands <see cref="AccessRole.Reader"/>.
    /// </summary>
    Task<UnreadCount> MarkReadAsync(Caller caller, long offset);

    /// <summary>The read positions of members who may read the room, furthest first, at most <paramref name="count"/>; demands <see cref="AccessRole.Reader"/> and read receipts on.</summary>
    Task<IReadOnlyList<MemberReadPosition>> ListReadReceiptsAsync(Caller caller, int count);

    /// <summary>The messages after the caller's read position that others sent and nobody deleted, and those of them that mention the caller; demands <see cref="AccessRole.Reader"/>.</summary>
    Task<UnreadCount> CountUnreadAsync(Caller caller);

    /// <summary>Who is present now (has a stream in the room): users after <paramref name="afterUserId"/> in id order, at most <paramref name="maxCount"/>.</summary>
    Task<MemberPage> GetMembersAsync(string afterUserId, int maxCount);

    /// <summary>
    /// The caller's role if it is a member of the room — named in its policy, its owner, an admin, or anyone
    /// who has ever joined it (membership outlives a dropped connection) — and <see cref="AccessRole.None"/> otherwise.
    /// </summary>
    Task<AccessRole> MemberRoleAsync(Caller caller);

    /// <summary>
    /// Retained messages with offset &lt; <paramref name="beforeOffset"/>, newest first, at most <paramref name="maxCount"/>,
    /// each in its current state (edits, deletions and reactions folded in; whether <paramref name="viewerId"/> reacted).
    /// </summary>
    Task<HistoryPage> ReadBeforeAsync(long beforeOffset, int maxCount, string viewerId, CancellationToken cancellationToken);
}
