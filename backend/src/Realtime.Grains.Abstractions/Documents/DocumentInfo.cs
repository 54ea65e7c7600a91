using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Documents;

[GenerateSerializer, Immutable]
public sealed class DocumentInfo : ITopicInfo
{
    [Id(0)] public required string DocumentId { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public required string CreatedBy { get; init; }
    [Id(3)] public required DateTimeOffset CreatedAt { get; init; }
    [Id(4)] public required string Epoch { get; init; }
    [Id(5)] public required long Revision { get; init; }
    /// <summary>Length of the latest content in code points.</summary>
    [Id(6)] public required int Length { get; init; }
    [Id(7)] public required TopicAccess Access { get; init; }

    string ITopicInfo.Id => DocumentId;
}
