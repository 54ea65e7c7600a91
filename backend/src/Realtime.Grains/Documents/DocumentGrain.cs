using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Grains.Access;
using Realtime.Grains.Commands;
using Realtime.Grains.Directory;
using Realtime.Grains.Log;
using Realtime.Grains.Presence;
using Realtime.Grains.Webhooks;
using Realtime.Ot;
using Realtime.Protos;
using Realtime.Protos.Collab.V1;
using Realtime.Streaming.Bus;

namespace Realtime.Grains.Documents;

/// <summary>
/// The single point that orders a document's edits. An edit is transformed against every edit since
/// its base revision, applied, appended to the operation log (durable before it is acked), and only
/// then published. Cursors are transformed by each edit and relayed without being stored.
/// </summary>
public sealed partial class DocumentGrain(
    [PersistentState("document", GrainStorage.Name)] IPersistentState<DocumentState> state,
    IEventLog log,
    IEventBus bus,
    TopicListings listings,
    TopicWebhooks webhooks,
    JoinCreationGate joinCreation,
    IOptions<DocumentOptions> options,
    TimeProvider time,
    ILogger<DocumentGrain> logger) : Grain, IDocumentGrain
{
    private readonly DocumentOptions _options = options.Value;
    private readonly IdempotencyWindow _recentEdits = new(options.Value.IdempotencyWindow);
    private readonly PerUserRateLimiter _rateLimiter = new(options.Value.EditsPerSecondPerUser, time);
    private readonly CursorSet _cursors = new();
    private LeasedPresence? _presence;
    private AccessKeeper<DocumentState>? _keeper;
    private DocumentHistory _history = new("", 0);

    private string DocumentId => this.GetPrimaryKeyString();

    private string Topic => Topics.Document(DocumentId);

    private string Epoch => state.State.Epoch;

    private TopicAccess Access => Keeper.Current;

    private AccessKeeper<DocumentState> Keeper => _keeper ??= new(state, $"document '{DocumentId}'", () => Presence.Members);

    private LeasedPresence Presence => _presence ??= new LeasedPresence(
        this, _options.PresenceTtl, _options.PresenceBatchInterval, time, PublishPresenceAsync, DropExpiredCursors);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            return;
        }
        var bounds = await log.GetBoundsAsync(Topic, cancellationToken);
        if (bounds.LastOffset < state.State.SnapshotRevision)
        {
            // The log lost edits the snapshot had seen: keep the text, start a new epoch at the log's end.
            await ResetEpochAsync(bounds.LastOffset);
            await PutListingAsync();
            return;
        }
        _history = new DocumentHistory(state.State.SnapshotContent, state.State.SnapshotRevision);
        while (_history.Revision < bounds.LastOffset)
        {
            var entries = await log.ReadAfterAsync(Topic, _history.Revision, 500, cancellationToken);
            if (entries.Length == 0)
            {
                break;
            }
            foreach (var entry in entries)
            {
                var edit = CollabServerFrame.Parser.ParseFrom(entry.Data).Edit;
                _history.Append(edit.Operation.ToTextOperation());
                _recentEdits.Remember(edit.AuthorId, edit.ClientEditId, edit.Revision);
            }
        }
        await PutListingAsync();
        webhooks.Resumed(Topic, Epoch, _history.Revision);
    }

    /// <summary>The listing's length and revision move with edits but are written only with snapshots: bring them up to date on the way out.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => await PutListingAsync();

    public async Task<DocumentInfo> CreateAsync(string title, string createdBy, string initialContent, TopicAccess access)
    {
        if (state.RecordExists)
        {
            throw new TopicException(TopicErrorKind.AlreadyExists, $"Document '{DocumentId}' already exists.");
        }
        if (CodePoints.Count(initialContent) > _options.MaxDocumentLength)
        {
            throw new TopicException(TopicErrorKind.LimitReached, $"The initial content exceeds {_options.MaxDocumentLength} code points.");
        }
        await InitializeAsync(title, createdBy, initialContent, access);
        return Info();
    }

    public Task<DocumentInfo?> GetAsync() => Task.FromResult(state.RecordExists ? Info() : null);

    public async Task<DocumentOpenResult> OpenAsync(Caller caller, PresenceLease lease)
    {
        if (!state.RecordExists)
        {
            joinCreation.Demand(caller, $"document '{DocumentId}'");
            await InitializeAsync(DocumentId, caller.UserId, "", TopicAccess.CreatedByJoin(caller));
        }
        Access.Demand(caller, AccessRole.Reader, $"open document '{DocumentId}'");
        Presence.Join(lease);
        return new DocumentOpenResult
        {
            Document = Info(),
            Content = _history.Content,
            Members = Presence.Members,
            Cursors = [.. _cursors.All.Where(c => c.ConnectionId != lease.ConnectionId)],
            Role = Access.RoleOf(caller),
        };
    }

    public async Task CloseAsync(string connectionId)
    {
        Presence.Leave(connectionId);
        if (_cursors.Remove(connectionId))
        {
            await PublishAsync(0, CursorRemoved(connectionId));
        }
    }

    public Task<TopicAccess?> GetAccessAsync(Caller caller) => Keeper.GetAsync(caller);

    public async Task<AccessUpdate?> UpdateAccessAsync(Caller caller, TopicAccess next)
    {
        var update = await Keeper.UpdateAsync(caller, next);
        await PutListingAsync();
        return update;
    }

    public Task<TopicStatus> GetStatusAsync() => Task.FromResult(Presence.Status(Epoch, _history.Revision));

    public Task RenewPresenceAsync(PresenceLease[] leases)
    {
        if (state.RecordExists)
        {
            Presence.Renew(leases);
        }
        return Task.CompletedTask;
    }

    public async Task<EditResult> SubmitAsync(EditRequest edit)
    {
        if (!state.RecordExists)
        {
            throw new TopicException(TopicErrorKind.NotFound, $"Document '{DocumentId}' does not exist.");
        }
        Access.Demand(edit.Author, AccessRole.Writer, $"edit document '{DocumentId}'");
        var authorId = edit.Author.UserId;
        if (_recentEdits.TryGet(authorId, edit.ClientEditId, out var appliedAt))
        {
            return new EditResult(Epoch, appliedAt, Duplicate: true);
        }
        if (!_rateLimiter.TryTake(authorId))
        {
            throw new TopicException(TopicErrorKind.RateLimited, $"At most {_options.EditsPerSecondPerUser} edits per second per user; slow down.");
        }
        var operation = _history.Rebase(ToOperation(edit), edit.BaseRevision);
        if (operation.TargetLength > _options.MaxDocumentLength)
        {
            throw new TopicException(TopicErrorKind.LimitReached, $"The document would exceed {_options.MaxDocumentLength} code points.");
        }
        var revision = _history.Revision + 1;
        var now = time.GetUtcNow();
        var frame = new CollabServerFrame
        {
            Edit = new DocumentEdit
            {
                DocumentId = DocumentId,
                Epoch = Epoch,
                Revision = revision,
                AuthorId = authorId,
                ClientEditId = edit.ClientEditId,
                Operation = operation.ToWire(),
                AppliedAt = Timestamp.FromDateTimeOffset(now),
                PostedBy = edit.PostedBy,
            },
        }.ToByteArray();
        await log.AppendAsync(Topic, [new LogEntry(revision, now, frame)], Retention(), CancellationToken.None);
        _history.Append(operation);
        _recentEdits.Remember(authorId, edit.ClientEditId, revision);
        _cursors.Transform(operation, revision);
        // Issued in revision order; not waited for (see ChatRoomGrain): PublishAsync never throws.
        _ = PublishAsync(revision, frame);
        webhooks.Stored(Topic, Epoch, revision);
        await AdvanceSnapshotIfDueAsync();
        return new EditResult(Epoch, revision, Duplicate: false);
    }

    public async Task UpdateCursorAsync(Caller caller, PresenceLease lease, long revision, long anchor, long head)
    {
        if (!state.RecordExists)
        {
            throw new TopicException(TopicErrorKind.NotFound, $"Document '{DocumentId}' does not exist.");
        }
        Access.Demand(caller, AccessRole.Reader, $"show a cursor in document '{DocumentId}'");
        CheckBase(revision, "revision");
        var length = _history.LengthAt(revision);
        if (anchor < 0 || anchor > length || head < 0 || head > length)
        {
            throw new TopicException(TopicErrorKind.Invalid, $"Cursor positions must lie in 0..{length} at revision {revision}.", anchor < 0 || anchor > length ? "anchor" : "head");
        }
        var cursor = new DocumentCursor(
            lease.ConnectionId,
            lease.UserId,
            _history.Revision,
            _history.TransformPosition((int)anchor, revision),
            _history.TransformPosition((int)head, revision));
        _cursors.Set(cursor);
        await PublishAsync(0, new CollabServerFrame { Cursor = CursorFrame(cursor) }.ToByteArray());
    }

    public Task<DocumentContent> ReadContentAsync(long revision)
    {
        if (!state.RecordExists)
        {
            throw new TopicException(TopicErrorKind.NotFound, $"Document '{DocumentId}' does not exist.");
        }
        var at = revision == 0 ? _history.Revision : revision;
        CheckBase(at, "revision");
        return Task.FromResult(new DocumentContent(Epoch, at, at == _history.Revision ? _history.Content : _history.ContentAt(at)));
    }

    public async Task<HistoryPage> ReadAfterAsync(long afterOffset, int maxCount, CancellationToken cancellationToken)
    {
        var entries = await log.ReadAfterAsync(Topic, afterOffset, maxCount, cancellationToken);
        var bounds = await log.GetBoundsAsync(Topic, cancellationToken);
        return new HistoryPage
        {
            Epoch = Epoch,
            FirstOffset = bounds.FirstOffset,
            LastOffset = _history.Revision,
            Events = [.. entries.Select(e => new TopicEvent { Topic = Topic, Epoch = Epoch, Offset = e.Offset, Payload = e.Data })],
        };
    }

    /// <summary>The snapshot is the document's content in memory: nothing to wait for.</summary>
    public Task<TopicSnapshot> ReadSnapshotAsync(int maxEvents, CancellationToken cancellationToken) => Task.FromResult(new TopicSnapshot
    {
        Epoch = Epoch,
        Offset = _history.Revision,
        State = new DocumentSnapshot { DocumentId = DocumentId, Epoch = Epoch, Revision = _history.Revision, Content = _history.Content }.ToByteArray(),
    });

    private TextOperation ToOperation(EditRequest edit)
    {
        CheckBase(edit.BaseRevision, "base_revision");
        return EditOperations.Build(edit, _history.LengthAt(edit.BaseRevision));
    }

    private void CheckBase(long revision, string field)
    {
        if (revision > _history.Revision || revision < 0)
        {
            throw new TopicException(TopicErrorKind.Invalid, $"Revision {revision} does not exist; the document is at {_history.Revision}.", field);
        }
        if (revision < _history.BaseRevision)
        {
            throw new TopicException(TopicErrorKind.Stale, $"Revision {revision} is older than the retained log (from {_history.BaseRevision}); reload the document and reapply.");
        }
    }

    private LogRetention Retention() => new(int.MaxValue, TimeSpan.MaxValue, _history.BaseRevision);

    private async Task AdvanceSnapshotIfDueAsync()
    {
        if (_history.RetainedCount < _options.RetainedEdits + _options.SnapshotEvery)
        {
            return;
        }
        var (content, revision) = _history.Compact(_options.RetainedEdits);
        state.State.SnapshotContent = content;
        state.State.SnapshotRevision = revision;
        // The log drops what the snapshot covers on its next append, after the snapshot is stored.
        await state.WriteStateAsync();
        await PutListingAsync();
    }

    private async Task InitializeAsync(string title, string createdBy, string content, TopicAccess access)
    {
        var bounds = await log.GetBoundsAsync(Topic, CancellationToken.None);
        state.State = new DocumentState
        {
            Title = title,
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow(),
            Epoch = Guid.NewGuid().ToString("N"),
            SnapshotContent = content,
            SnapshotRevision = bounds.LastOffset,
            Access = access,
        };
        _history = new DocumentHistory(content, bounds.LastOffset);
        await state.WriteStateAsync();
        await PutListingAsync();
    }

    /// <summary>
    /// What lists show of the document, written on creation, on an access change, with each snapshot,
    /// on activation (so a creation cut off between state and listing is listed on its next use) and
    /// on deactivation.
    /// </summary>
    private async Task PutListingAsync()
    {
        if (state.RecordExists)
        {
            await listings.TryPutAsync(Topics.DocumentKind, DocumentId, Info());
        }
    }

    private async Task ResetEpochAsync(long revision)
    {
        LogEpochReset(Topic, state.State.SnapshotRevision, revision);
        state.State.Epoch = Guid.NewGuid().ToString("N");
        state.State.SnapshotRevision = revision;
        _history = new DocumentHistory(state.State.SnapshotContent, revision);
        await state.WriteStateAsync();
    }

    private DocumentInfo Info() => new()
    {
        DocumentId = DocumentId,
        Title = state.State.Title,
        CreatedBy = state.State.CreatedBy,
        CreatedAt = state.State.CreatedAt,
        Epoch = Epoch,
        Revision = _history.Revision,
        Length = _history.Length,
        Access = Access,
    };

    private CursorChanged CursorFrame(DocumentCursor cursor) => new()
    {
        DocumentId = DocumentId,
        UserId = cursor.UserId,
        ConnectionId = cursor.ConnectionId,
        Revision = cursor.Revision,
        Anchor = cursor.Anchor,
        Head = cursor.Head,
    };

    private byte[] CursorRemoved(string connectionId) =>
        new CollabServerFrame { Cursor = new CursorChanged { DocumentId = DocumentId, ConnectionId = connectionId, Revision = _history.Revision, Removed = true } }.ToByteArray();

    private void DropExpiredCursors()
    {
        foreach (var cursor in _cursors.RemoveWhere(connectionId => !Presence.Holds(connectionId)))
        {
            _ = PublishAsync(0, CursorRemoved(cursor.ConnectionId));
        }
    }

    private Task PublishPresenceAsync(string[] joined, string[] left) =>
        PublishAsync(0, new CollabServerFrame
        {
            Presence = new DocumentPresenceChanged { DocumentId = DocumentId, JoinedUserIds = { joined }, LeftUserIds = { left } },
        }.ToByteArray());

    private async Task PublishAsync(long offset, byte[] payload)
    {
        try
        {
            await bus.PublishAsync(new TopicEvent { Topic = Topic, Epoch = Epoch, Offset = offset, Payload = payload }, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Stored edits are not lost: subscribers fill the gap from the log on the next event.
            LogPublishFailed(ex, Topic, offset);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing {Topic} revision {Revision} failed")]
    private partial void LogPublishFailed(Exception exception, string topic, long revision);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The operation log of {Topic} ends at {LogEnd}, before its snapshot at {Snapshot}; starting a new epoch")]
    private partial void LogEpochReset(string topic, long snapshot, long logEnd);
}
