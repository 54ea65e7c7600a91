using System.Collections.Concurrent;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Collab;
using Realtime.Protos.Collab.V1;
using Realtime.Server.Errors;
using Realtime.Streaming;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Collab;

/// <summary>
/// The document side of one open stream (a bidi Collaborate stream or a browser session): the
/// documents it has open and the commands it may issue. The author of every edit is the
/// connection's token subject. Answers go to the stream's outbox in command order.
/// </summary>
public sealed partial class DocumentConnection<TFrame>(
    string connectionId,
    string userId,
    StreamOutbox<TFrame> outbox,
    Func<CollabServerFrame, TFrame> wrap,
    CollabConnectionServices services) : IAsyncDisposable where TFrame : class
{
    private readonly ConcurrentDictionary<string, Subscription> _documents = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _membership = new(1, 1);

    public string UserId => userId;

    public async Task<DocumentOpened> OpenAsync(OpenDocument? open, CancellationToken cancellationToken)
    {
        services.Validator.Open(open);
        var documentId = open!.DocumentId;
        await _membership.WaitAsync(cancellationToken);
        try
        {
            if (_documents.ContainsKey(documentId))
            {
                throw new CommandException(StatusCode.FailedPrecondition, $"Document '{documentId}' is already open on this stream.");
            }
            if (_documents.Count >= services.Options.Value.MaxDocumentsPerStream)
            {
                throw new CommandException(StatusCode.ResourceExhausted, $"A stream may have at most {services.Options.Value.MaxDocumentsPerStream} documents open.");
            }
            var lease = new PresenceLease(connectionId, userId);
            var result = await CallAsync(() => Document(documentId).OpenAsync(lease), "open");
            var start = open.ResumeFrom is { } resume
                ? new StreamPosition(resume.Epoch, resume.Offset)
                : new StreamPosition(result.Document.Epoch, result.Document.Revision);
            var subscription = new Subscription(Topics.Document(documentId), lease, outbox, start);
            await services.Hub.SubscribeAsync(subscription, cancellationToken);
            _documents[documentId] = subscription;
            var opened = CollabFrames.Opened(result, resumed: open.ResumeFrom is not null);
            await outbox.StartAsync(subscription, wrap(new CollabServerFrame { Opened = opened }), cancellationToken);
            return opened;
        }
        finally
        {
            _membership.Release();
        }
    }

    public async Task CloseAsync(string documentId, CancellationToken cancellationToken)
    {
        services.Validator.Document("close.document_id", documentId);
        await _membership.WaitAsync(cancellationToken);
        try
        {
            if (!_documents.TryRemove(documentId, out var subscription))
            {
                throw NotOpen(documentId);
            }
            await services.Hub.UnsubscribeAsync(subscription);
            await CallAsync(() => Document(documentId).CloseAsync(connectionId), "close");
            await outbox.EnqueueAsync(wrap(new CollabServerFrame { Closed = new DocumentClosed { DocumentId = documentId } }), cancellationToken);
        }
        finally
        {
            _membership.Release();
        }
    }

    public async Task<EditAck> SubmitAsync(SubmitEdit? edit, CancellationToken cancellationToken)
    {
        var request = services.Validator.Edit(edit, userId);
        if (!_documents.ContainsKey(edit!.DocumentId))
        {
            throw NotOpen(edit.DocumentId);
        }
        var rangeField = edit.ChangeCase.ToString().ToLowerInvariant();
        var result = await CallAsync(() => Document(edit.DocumentId).SubmitAsync(request), "edit", rangeField);
        var ack = CollabFrames.Ack(edit.DocumentId, edit.ClientEditId, result);
        await outbox.EnqueueAsync(wrap(new CollabServerFrame { Ack = ack }), cancellationToken);
        return ack;
    }

    public async Task UpdateCursorAsync(UpdateCursor? cursor)
    {
        services.Validator.Cursor(cursor);
        if (!_documents.TryGetValue(cursor!.DocumentId, out var subscription))
        {
            throw NotOpen(cursor.DocumentId);
        }
        await CallAsync(() => Document(cursor.DocumentId).UpdateCursorAsync(subscription.Lease, cursor.Revision, cursor.Anchor, cursor.Head), "cursor");
    }

    /// <summary>Where each open document's client stands: what it has been sent so far.</summary>
    public IEnumerable<DocumentPosition> DocumentPositions() =>
        _documents.Select(d => new DocumentPosition { DocumentId = d.Key, Position = CollabFrames.Position(d.Value.Position) });

    public async ValueTask DisposeAsync()
    {
        foreach (var (documentId, subscription) in _documents)
        {
            await services.Hub.UnsubscribeAsync(subscription);
            try
            {
                await Document(documentId).CloseAsync(connectionId);
            }
            catch (Exception ex)
            {
                // The presence lease expires on its own; nothing else depends on this call.
                LogCloseFailed(services.Logger, ex, documentId);
            }
        }
        _documents.Clear();
        _membership.Dispose();
    }

    private IDocumentGrain Document(string documentId) => services.Grains.GetGrain<IDocumentGrain>(documentId);

    private static CommandException NotOpen(string documentId) =>
        new(StatusCode.FailedPrecondition, $"Document '{documentId}' is not open on this stream; open it first.");

    private async Task<T> CallAsync<T>(Func<Task<T>> call, string command, string rangeField = "range")
    {
        try
        {
            return await call();
        }
        catch (DocumentException ex)
        {
            throw DocumentErrors.ToCommandException(ex, command, rangeField);
        }
        catch (Exception ex) when (ex is not CommandException and not OperationCanceledException)
        {
            LogGrainCallFailed(services.Logger, ex);
            throw new CommandException(StatusCode.Unavailable, "The document is temporarily unavailable; retry.");
        }
    }

    private async Task CallAsync(Func<Task> call, string command) => await CallAsync(async () =>
    {
        await call();
        return true;
    }, command);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing document {DocumentId} on disconnect failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, string documentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A document call failed")]
    private static partial void LogGrainCallFailed(ILogger logger, Exception exception);
}
