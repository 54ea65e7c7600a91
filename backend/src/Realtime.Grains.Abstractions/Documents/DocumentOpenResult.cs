using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Abstractions.Documents;

/// <summary>The document as the opening stream first sees it: info, content and cursors all at <see cref="DocumentInfo.Revision"/>.</summary>
[GenerateSerializer, Immutable]
public sealed class DocumentOpenResult
{
    [Id(0)] public required DocumentInfo Document { get; init; }
    [Id(1)] public required string Content { get; init; }
    [Id(2)] public required string[] Members { get; init; }
    [Id(3)] public required DocumentCursor[] Cursors { get; init; }
    [Id(4)] public required AccessRole Role { get; init; }
}
