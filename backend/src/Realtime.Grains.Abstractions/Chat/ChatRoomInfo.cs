using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Chat;

[GenerateSerializer, Immutable]
public sealed class ChatRoomInfo : ITopicInfo
{
    [Id(0)] public required string RoomId { get; init; }
    [Id(1)] public required string DisplayName { get; init; }
    [Id(2)] public required string CreatedBy { get; init; }
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public required string Epoch { get; init; }
    [Id(5)] public required long LastOffset { get; init; }
    [Id(6)] public required TopicAccess Access { get; init; }

    /// <summary>Members see where the others have read up to.</summary>
    [Id(7)] public bool ReadReceipts { get; init; }

    string ITopicInfo.Id => RoomId;
}
