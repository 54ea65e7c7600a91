namespace Realtime.Grains.Directory;

[GenerateSerializer]
public sealed class TopicDirectoryState
{
    /// <summary>Kept in ordinal order.</summary>
    [Id(0)] public List<string> Ids { get; set; } = [];
}
