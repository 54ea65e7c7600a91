using Grpc.Core;
using Realtime.Protos.Collab.V1;

namespace Realtime.Client;

public sealed partial class DocumentClient
{
    /// <summary>The document side of the shared connection loop.</summary>
    private sealed class Session(DocumentClient client) : IStreamSession<CollabClientFrame, CollabServerFrame>
    {
        /// <summary>
        /// Reopens every document from its revision. Its outstanding edit is resubmitted once the reopen is
        /// confirmed (see <see cref="Apply"/>): sent earlier, a reopen refused while the grain moves would
        /// leave the edit refused as "not open".
        /// </summary>
        public IReadOnlyList<CollabClientFrame> Resubscribe()
        {
            lock (client._gate)
            {
                return [.. client._documents.Values.Select(state => new CollabClientFrame { Open = state.OpenCommand() })];
            }
        }

        public TimeSpan? ReconnectHint(CollabServerFrame frame) =>
            frame.Reconnect is { } hint ? TimeSpan.FromMilliseconds(hint.RetryAfterMs) : null;

        public async ValueTask HandleAsync(CollabServerFrame frame, CancellationToken cancellationToken)
        {
            var (applied, next, forApplication) = client.Apply(frame);
            if (next is not null)
            {
                await client._stream.WriteIfConnectedAsync(next);
            }
            if (forApplication)
            {
                await client._events.Writer.WriteAsync(new DocumentEvent(frame, applied), cancellationToken);
            }
        }

        public void Stopped(Exception reason)
        {
            client._events.Writer.TryComplete();
            lock (client._gate)
            {
                foreach (var state in client._documents.Values)
                {
                    state.Opening.TrySetException(reason);
                }
            }
        }
    }

    /// <summary>Updates the OT state; returns what was applied locally, a command to send, and whether the application should see the frame.</summary>
    private (Ot.TextOperation? Applied, CollabClientFrame? Next, bool ForApplication) Apply(CollabServerFrame frame)
    {
        lock (_gate)
        {
            switch (frame.EventCase)
            {
                case CollabServerFrame.EventOneofCase.Opened when _documents.TryGetValue(frame.Opened.DocumentId, out var opened):
                    if (frame.Opened.Snapshot is { } snapshot)
                    {
                        opened.Sync = new DocumentSync(snapshot.DocumentId, snapshot.Epoch, snapshot.Revision, snapshot.Content);
                    }
                    opened.Opening.TrySetResult();
                    return (null, opened.Sync?.Submission() is { } resubmit ? new CollabClientFrame { Edit = resubmit } : null, true);
                case CollabServerFrame.EventOneofCase.Edit when Sync(frame.Edit.DocumentId) is { } sync:
                    var (applied, next) = sync.ApplyServer(frame.Edit);
                    return (applied, next is null ? null : new CollabClientFrame { Edit = next }, applied is not null);
                case CollabServerFrame.EventOneofCase.ContinuityLost when Sync(frame.ContinuityLost.DocumentId) is { } lost:
                    lost.Reset(frame.ContinuityLost.Snapshot);
                    return (null, null, true);
                case CollabServerFrame.EventOneofCase.Error:
                    return (null, Refused(frame.Error), true);
                case CollabServerFrame.EventOneofCase.Closed when frame.Closed.Reason is not null:
                    // The server closed it (access revoked): not reopened on reconnect, no more local edits.
                    _documents.Remove(frame.Closed.DocumentId);
                    return (null, null, true);
                case CollabServerFrame.EventOneofCase.Ack:
                    // The echo of the edit in the ordered stream is what acknowledges it locally.
                    return (null, null, false);
                default:
                    return (null, null, true);
            }
        }
    }

    /// <summary>
    /// A refused open is asked again when the document was only unavailable (a grain moving). A refused
    /// outstanding edit: retried later when the server was only busy or unavailable, otherwise the document
    /// is reopened from a fresh snapshot (the local edits cannot be rebased on a state the server refused).
    /// </summary>
    private CollabClientFrame? Refused(DocumentCommandError error)
    {
        if (error.Command == DocumentCommandKind.Open && error.Error.Code == (int)StatusCode.Unavailable && _documents.TryGetValue(error.DocumentId, out var moving))
        {
            // The grain is moving or storage is away: ask again after a pause, from the same revision.
            _ = RetryOpenLaterAsync(moving);
            return null;
        }
        if (error.Command == DocumentCommandKind.Open && _documents.Remove(error.DocumentId, out var failed))
        {
            failed.Opening.TrySetException(new RpcException(new Status((StatusCode)error.Error.Code, error.Error.Message)));
            return null;
        }
        if (error.Command != DocumentCommandKind.Edit || Sync(error.DocumentId) is not { } sync || sync.Outstanding?.ClientEditId != error.ClientEditId)
        {
            return null;
        }
        if (error.Error.Code is (int)StatusCode.ResourceExhausted or (int)StatusCode.Unavailable)
        {
            _ = RetryLaterAsync(error.DocumentId);
            return null;
        }
        // Until the fresh snapshot arrives the document takes no local edits.
        _documents[error.DocumentId] = new OpenDocumentState(error.DocumentId);
        _ = ReopenAsync(error.DocumentId);
        return null;
    }

    /// <summary>Resubmits the document's outstanding edit after a pause, if it still has one.</summary>
    private Task RetryLaterAsync(string documentId) => _stream.WriteLaterAsync(RateLimitedRetryDelay, () =>
    {
        lock (_gate)
        {
            return Sync(documentId)?.Submission() is { } edit ? new CollabClientFrame { Edit = edit } : null;
        }
    });

    /// <summary>Asks again to open the document after a pause, from the same revision, unless it was closed meanwhile.</summary>
    private Task RetryOpenLaterAsync(OpenDocumentState state) => _stream.WriteLaterAsync(RateLimitedRetryDelay, () =>
    {
        lock (_gate)
        {
            return _documents.TryGetValue(state.DocumentId, out var still) && ReferenceEquals(still, state) ? new CollabClientFrame { Open = state.OpenCommand() } : null;
        }
    });

    private async Task ReopenAsync(string documentId)
    {
        await _stream.WriteIfConnectedAsync(new CollabClientFrame { Close = new CloseDocument { DocumentId = documentId } });
        await _stream.WriteIfConnectedAsync(new CollabClientFrame { Open = new OpenDocument { DocumentId = documentId } });
    }

    private DocumentSync? Sync(string documentId) => _documents.TryGetValue(documentId, out var state) ? state.Sync : null;
}
