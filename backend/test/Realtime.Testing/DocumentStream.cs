using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Collab.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.Testing;

/// <summary>A raw bidirectional Collaborate stream for tests, with document helpers.</summary>
public sealed class DocumentStream : DuplexStream<CollabClientFrame, CollabServerFrame>
{
    private DocumentStream(AsyncDuplexStreamingCall<CollabClientFrame, CollabServerFrame> call) : base(call, frame => frame.Reconnect is not null)
    {
    }

    public static DocumentStream Open(GrpcChannel channel, string? token)
    {
        var stream = new DocumentStream(new CollaborationService.CollaborationServiceClient(channel).Collaborate(Headers(token)));
        stream.StartReading();
        return stream;
    }

    public List<DocumentEdit> Edits(string documentId) =>
        [.. Frames.Where(f => f.Edit?.DocumentId == documentId).Select(f => f.Edit)];

    public async Task<DocumentOpened> OpenDocumentAsync(string documentId, StreamPosition? resumeFrom = null)
    {
        var already = Frames.Count(f => f.Opened?.DocumentId == documentId);
        await WriteAsync(new CollabClientFrame { Open = new OpenDocument { DocumentId = documentId, ResumeFrom = resumeFrom } });
        return await Eventually.ValueAsync(
            () => Frames.Where(f => f.Opened?.DocumentId == documentId).Skip(already).FirstOrDefault()?.Opened,
            $"opened {documentId}");
    }

    /// <summary>Submits "replace [start, end) with text" against <paramref name="baseRevision"/>; returns the client edit id.</summary>
    public async Task<string> ReplaceAsync(string documentId, long baseRevision, long start, long end, string text)
    {
        var id = Guid.NewGuid().ToString("N");
        await WriteAsync(new CollabClientFrame
        {
            Edit = new SubmitEdit
            {
                DocumentId = documentId,
                ClientEditId = id,
                BaseRevision = baseRevision,
                Replace = new ReplaceRange { Start = start, End = end, Text = text },
            },
        });
        return id;
    }

    public Task<EditAck> AckAsync(string clientEditId) =>
        Eventually.ValueAsync(() => Frames.FirstOrDefault(f => f.Ack?.ClientEditId == clientEditId)?.Ack, $"ack of {clientEditId}");

    public Task<List<DocumentEdit>> EditsAsync(string documentId, int count) =>
        Eventually.ValueAsync(() => Edits(documentId) is { } e && e.Count >= count ? e : null, $"{count} edits of {documentId}");

    public Task<DocumentCommandError> ErrorAsync(Func<DocumentCommandError, bool> match, string expectation) =>
        Eventually.ValueAsync(() => Frames.FirstOrDefault(f => f.Error is { } e && match(e))?.Error, expectation);
}
