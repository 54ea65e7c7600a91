using Realtime.Protos.Collab.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.Client;

/// <summary>One open document of a <see cref="DocumentClient"/>: its OT state once the snapshot is here.</summary>
internal sealed class OpenDocumentState(string documentId)
{
    public string DocumentId => documentId;

    public DocumentSync? Sync { get; set; }

    public TaskCompletionSource Opening { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Opens fresh the first time, then resumes from the last revision the local copy includes.</summary>
    public OpenDocument OpenCommand() => new()
    {
        DocumentId = documentId,
        ResumeFrom = Sync is { } sync ? new StreamPosition { Epoch = sync.Epoch, Offset = sync.Revision } : null,
    };
}
