using System.Threading.Channels;
using Grpc.Net.Client;
using Realtime.Ot;
using Realtime.Protos.Collab.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.Client;

/// <summary>
/// Collaborative documents over one Collaborate stream that survives the network. Local edits apply
/// at once (see <see cref="DocumentSync"/>); after a reconnect every document is reopened from the
/// last revision it has and the outstanding edit is resubmitted with its original id, so nothing
/// typed is lost or applied twice. Where the server can no longer rebase local edits (continuity
/// lost, a refused edit), the document is reset to the server's text and the event says so.
/// </summary>
public sealed partial class DocumentClient : IAsyncDisposable
{
    private static readonly TimeSpan RateLimitedRetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly RealtimeClientOptions _options;
    private readonly GrpcChannel _channel;
    private readonly CollaborationService.CollaborationServiceClient _api;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, OpenDocumentState> _documents = new(StringComparer.Ordinal);
    private readonly Channel<DocumentEvent> _events;
    private readonly ReconnectingStream<CollabClientFrame, CollabServerFrame> _stream;

    private DocumentClient(RealtimeClientOptions options)
    {
        _options = options;
        _channel = RealtimeChannels.Create(options);
        _api = new CollaborationService.CollaborationServiceClient(_channel);
        _events = Channel.CreateBounded<DocumentEvent>(new BoundedChannelOptions(options.EventBufferSize) { SingleWriter = true });
        _stream = new ReconnectingStream<CollabClientFrame, CollabServerFrame>(options, (headers, ct) => _api.Collaborate(headers, cancellationToken: ct), new Session(this));
    }

    /// <summary>How many times the stream has been (re)opened.</summary>
    public int Connections => _stream.Connections;

    public static async Task<DocumentClient> ConnectAsync(RealtimeClientOptions options, CancellationToken cancellationToken = default)
    {
        var client = new DocumentClient(options);
        return await client._stream.StartAsync(client, cancellationToken);
    }

    /// <summary>
    /// Cursors, presence, other authors' edits (with the operation applied locally), errors and resets.
    /// Keep reading: when <see cref="RealtimeClientOptions.EventBufferSize"/> events wait, the SDK stops reading the stream.
    /// </summary>
    public IAsyncEnumerable<DocumentEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Opens a document and returns once its snapshot is here.</summary>
    public async Task OpenAsync(string documentId, CancellationToken cancellationToken = default)
    {
        var state = new OpenDocumentState(documentId);
        lock (_gate)
        {
            if (!_documents.TryAdd(documentId, state))
            {
                throw new InvalidOperationException($"Document '{documentId}' is already open.");
            }
        }
        await _stream.WriteIfConnectedAsync(new CollabClientFrame { Open = state.OpenCommand() });
        await state.Opening.Task.WaitAsync(cancellationToken);
    }

    public string Text(string documentId) => WithDocument(documentId, sync => sync.Text);

    public long Revision(string documentId) => WithDocument(documentId, sync => sync.Revision);

    /// <summary>Applies an edit to the local text at once; the SDK sends it when the server is ready for it.</summary>
    public Task EditAsync(string documentId, TextOperation operation) => EditAsync(documentId, _ => operation);

    /// <summary>
    /// Builds an edit from the current local text and applies it, atomically: no remote edit can
    /// land between reading the text and applying the edit made from it.
    /// </summary>
    public Task EditAsync(string documentId, Func<string, TextOperation> edit)
    {
        var next = WithDocument(documentId, sync => sync.ApplyLocal(edit(sync.Text)));
        return next is null ? Task.CompletedTask : _stream.WriteIfConnectedAsync(new CollabClientFrame { Edit = next });
    }

    /// <summary>Takes back this client's newest edit (others' edits since stay); false if there is nothing to undo.</summary>
    public async Task<bool> UndoAsync(string documentId)
    {
        var (undone, next) = WithDocument(documentId, sync => sync.Undo());
        if (next is not null)
        {
            await _stream.WriteIfConnectedAsync(new CollabClientFrame { Edit = next });
        }
        return undone;
    }

    /// <summary>Inserts <paramref name="text"/> before code point <paramref name="position"/> of the local text.</summary>
    public Task InsertAsync(string documentId, int position, string text) =>
        EditAsync(documentId, current => TextOperation.InsertAt(CodePoints.Count(current), position, text));

    /// <summary>Deletes code points [<paramref name="start"/>, <paramref name="end"/>) of the local text.</summary>
    public Task DeleteAsync(string documentId, int start, int end) =>
        EditAsync(documentId, current => TextOperation.DeleteRange(CodePoints.Count(current), start, end));

    /// <summary>Best effort: dropped while disconnected.</summary>
    public Task UpdateCursorAsync(string documentId, int anchor, int head) =>
        _stream.WriteIfConnectedAsync(new CollabClientFrame
        {
            Cursor = WithDocument(documentId, sync => new UpdateCursor { DocumentId = documentId, Revision = sync.Revision, Anchor = anchor, Head = head }),
        });

    /// <summary>True when every local edit of the document has been acknowledged.</summary>
    public bool IsSynced(string documentId) => WithDocument(documentId, sync => sync.IsSynced);

    /// <summary>Creates a document owned by the caller; without <paramref name="access"/> it is public and everyone may edit.</summary>
    public async Task<Document> CreateDocumentAsync(string documentId, string title, string initialContent = "", AccessPolicy? access = null, CancellationToken cancellationToken = default) =>
        (await _api.CreateDocumentAsync(
            new CreateDocumentRequest { DocumentId = documentId, Title = title, InitialContent = initialContent, Access = access },
            await RealtimeChannels.CallOptionsAsync(_options, cancellationToken))).Document;

    public async Task<GetDocumentResponse> GetDocumentAsync(string documentId, long revision = 0, CancellationToken cancellationToken = default) =>
        await _api.GetDocumentAsync(new GetDocumentRequest { DocumentId = documentId, Revision = revision }, await RealtimeChannels.CallOptionsAsync(_options, cancellationToken));

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _channel.Dispose();
    }

    private T WithDocument<T>(string documentId, Func<DocumentSync, T> action)
    {
        lock (_gate)
        {
            return _documents.TryGetValue(documentId, out var state) && state.Sync is { } sync
                ? action(sync)
                : throw new InvalidOperationException($"Document '{documentId}' is not open.");
        }
    }
}
