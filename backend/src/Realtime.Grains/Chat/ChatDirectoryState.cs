namespace Realtime.Grains.Chat;

[GenerateSerializer]
public sealed class ChatDirectoryState
{
    /// <summary>Kept in ordinal order.</summary>
    [Id(0)] public List<string> RoomIds { get; set; } = [];
}
