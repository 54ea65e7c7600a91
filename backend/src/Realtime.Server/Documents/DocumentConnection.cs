using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Protos.Collab.V1;
using Realtime.Streaming;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Streaming.Outbox;
using ErrorDetail = Realtime.Protos.Common.V1.ErrorDetail;

namespace Realtime.Server.Documents;

/// <summary>
/// The document side of one open stream (a bidi Collaborate stream or a browser session): the
/// documents it has open and the commands it may issue. The author of every edit is the connection's
/// token subject. Answers go to the stream's outbox in command order.
/// </summary>
public sealed class DocumentConnection<TFrame>(
    string connectionId,
    Caller caller,
    StreamOutbox<TFrame> outbox,
    Func<CollabServerFrame, TFrame> wrap,
    DocumentConnectionServices services)
    : TopicConnection<TFrame>(connectionId, caller, outbox, services.Hub, services.Connections, services.Admission, services.Logger) where TFrame : class
{
    protected override string Noun => "document";

    protected override int MaxPerStream => services.Options.Value.MaxDocumentsPerStream;

    public Task<DocumentOpened> OpenAsync(OpenDocument? open, CancellationToken cancellationToken)
    {
        services.Validator.Open(open);
        var documentId = open!.DocumentId;
        return SubscribeAsync(documentId, Topics.Document(documentId), Delivery.Lossless, JoinActions.Open, async (admitted, lease) =>
        {
            var result = await Document(documentId).OpenAsync(admitted, lease);
            var start = open.ResumeFrom is { } resume
                ? new StreamPosition(resume.Epoch, resume.Offset)
                : new StreamPosition(result.Document.Epoch, result.Document.Revision);
            var opened = DocumentFrames.Opened(result, resumed: open.ResumeFrom is not null);
            return (start, opened, wrap(new CollabServerFrame { Opened = opened }));
        }, cancellationToken);
    }

    public Task CloseAsync(string documentId, CancellationToken cancellationToken)
    {
        services.Validator.Document("close.document_id", documentId);
        return UnsubscribeAsync(documentId, wrap(new CollabServerFrame { Closed = new DocumentClosed { DocumentId = documentId } }), cancellationToken);
    }

    public async Task<EditAck> SubmitAsync(SubmitEdit? edit, CancellationToken cancellationToken)
    {
        var request = services.Validator.Edit(edit, Caller);
        request = request with { Author = CallerIn(edit!.DocumentId) };
        var result = await CallAsync(() => Document(edit.DocumentId).SubmitAsync(request), field => DocumentFrames.EditField(edit, field));
        var ack = DocumentFrames.Ack(edit.DocumentId, edit.ClientEditId, result);
        await Outbox.EnqueueAsync(wrap(new CollabServerFrame { Ack = ack }), cancellationToken);
        return ack;
    }

    public async Task UpdateCursorAsync(UpdateCursor? cursor)
    {
        services.Validator.Cursor(cursor);
        var subscription = Joined(cursor!.DocumentId);
        await CallAsync(() => Document(cursor.DocumentId).UpdateCursorAsync(CallerIn(cursor.DocumentId), subscription.Lease, cursor.Revision, cursor.Anchor, cursor.Head), field => $"cursor.{field}");
    }

    /// <summary>Where each open document's client stands: what it has been sent so far.</summary>
    public IEnumerable<DocumentPosition> DocumentPositions() =>
        Subscriptions.Select(d => new DocumentPosition { DocumentId = d.Key, Position = DocumentFrames.Position(d.Value.Position) });

    protected override TFrame RemovedFrame(string id, ErrorDetail reason) => wrap(new CollabServerFrame { Closed = new DocumentClosed { DocumentId = id, Reason = reason } });

    protected override Task LeaveGrainAsync(string id) => Document(id).CloseAsync(ConnectionId);


    private IDocumentGrain Document(string documentId) => services.Grains.GetGrain<IDocumentGrain>(documentId);
}
