using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Access;

namespace Realtime.Grains.Documents;

/// <summary>
/// A document's persisted metadata and snapshot: the content at <see cref="SnapshotRevision"/>.
/// Edits after it live in the append-only operation log, so an edit never rewrites this state; the
/// snapshot moves forward once per <see cref="DocumentOptions.SnapshotEvery"/> edits.
/// </summary>
[GenerateSerializer]
public sealed class DocumentState : IAccessState
{
    [Id(0)] public string Title { get; set; } = "";
    [Id(1)] public string CreatedBy { get; set; } = "";
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }
    [Id(3)] public string Epoch { get; set; } = "";
    [Id(4)] public string SnapshotContent { get; set; } = "";
    [Id(5)] public long SnapshotRevision { get; set; }

    [Id(6)] public TopicAccess? Access { get; set; }
}
