using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Chat;

[GenerateSerializer, Immutable]
public sealed class ChatJoinResult
{
    [Id(0)] public required ChatRoomInfo Room { get; init; }
    [Id(1)] public required string[] Members { get; init; }
    [Id(2)] public required AccessRole Role { get; init; }
}
