using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Chat;

[GenerateSerializer, Immutable]
public sealed class ChatJoinResult
{
    [Id(0)] public required ChatRoomInfo Room { get; init; }
    /// <summary>The first present users in id order, at most Chat:MembersInJoin.</summary>
    [Id(1)] public required PresentMember[] Members { get; init; }
    [Id(2)] public required AccessRole Role { get; init; }
    [Id(3)] public required int PresentCount { get; init; }
}
