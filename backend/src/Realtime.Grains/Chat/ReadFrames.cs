using Realtime.Grains.Abstractions.Chat;
using Realtime.Protos.Chat.V1;
using WirePosition = Realtime.Protos.Common.V1.StreamPosition;

namespace Realtime.Grains.Chat;

/// <summary>A member's counts on the wire: what MarkRead and GetUnreadCounts answer and what a read position's move carries.</summary>
public static class ReadFrames
{
    public static RoomUnread Unread(string roomId, UnreadCount count) => new()
    {
        RoomId = roomId,
        ReadPosition = new WirePosition { Epoch = count.Epoch, Offset = count.ReadOffset },
        LastOffset = count.LastOffset,
        UnreadCount = count.Unread,
        MentionCount = count.Mentions,
    };
}
