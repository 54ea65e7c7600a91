namespace Realtime.Grains.Abstractions.Chat;

/// <summary>
/// A chat room: the single writer of its messages. Each stored message gets the next offset and
/// is acked only after it is in the room's log; presence and typing are relayed, never stored.
/// A room comes into being on its first join or an explicit create.
/// </summary>
public interface IChatRoomGrain : ITopicGrain
{
    /// <summary>Creates the room. Throws <see cref="ChatRoomException"/> (AlreadyExists) if it exists.</summary>
    Task<ChatRoomInfo> CreateAsync(string displayName, string createdBy);

    /// <summary>The room, or null if it was never used.</summary>
    Task<ChatRoomInfo?> GetAsync();

    /// <summary>Adds a connection's user to the room (creating the room on first use).</summary>
    Task<ChatJoinResult> JoinAsync(PresenceLease lease);

    Task LeaveAsync(string connectionId);

    /// <summary>Stores a message once per (sender, clientMessageId) and returns its position.</summary>
    Task<ChatSendResult> SendAsync(string senderId, string clientMessageId, string content);

    /// <summary>Posts a message sharing a stored file (content = its name), once per (sender, clientMessageId).</summary>
    Task<ChatSendResult> ShareAsync(string senderId, string clientMessageId, SharedFile file);

    Task SetTypingAsync(string userId, bool typing);

    /// <summary>Who is present now (has a stream in the room).</summary>
    Task<string[]> GetMembersAsync();

    /// <summary>Whether the user has ever joined the room: membership outlives a dropped connection.</summary>
    Task<bool> IsMemberAsync(string userId);

    /// <summary>Retained messages with offset &lt; <paramref name="beforeOffset"/>, newest first.</summary>
    Task<HistoryPage> ReadBeforeAsync(long beforeOffset, int maxCount);
}
