using Realtime.Ot;
using Realtime.Protos;
using Realtime.Protos.Collab.V1;

namespace Realtime.Client;

/// <summary>
/// Client-side OT for one document (the Jupiter / ot.js client): local edits apply at once; at most
/// one edit is outstanding at the server, later ones are composed into a buffer; every edit from
/// the server is transformed against both, so the local copy converges with the server's. The
/// outstanding edit is acknowledged by its own echo in the document's ordered stream, which makes
/// a resubmission after a reconnect safe: the server applies a client edit id once.
/// </summary>
public sealed class DocumentSync(string documentId, string epoch, long revision, string text)
{
    /// <summary>How many of this client's own edits <see cref="Undo"/> can take back.</summary>
    public const int UndoDepth = 100;

    /// <summary>Inverses of this client's recent edits, newest last; each applies to the text left by undoing those after it.</summary>
    private readonly List<TextOperation> _undo = [];
    private TextOperation? _buffer;

    public string DocumentId => documentId;

    public string Epoch { get; private set; } = epoch;

    /// <summary>The last server revision this copy includes.</summary>
    public long Revision { get; private set; } = revision;

    /// <summary>The local text: the server's at <see cref="Revision"/> plus every local edit not yet acknowledged.</summary>
    public string Text { get; private set; } = text;

    public int Length => CodePoints.Count(Text);

    /// <summary>The edit sent and not yet acknowledged, transformed to apply at <see cref="Revision"/>.</summary>
    public (string ClientEditId, TextOperation Operation)? Outstanding { get; private set; }

    public bool IsSynced => Outstanding is null && _buffer is null;

    /// <summary>Applies a local edit; returns the command to send now, if nothing else is outstanding.</summary>
    public SubmitEdit? ApplyLocal(TextOperation operation) => ApplyLocal(operation, undoable: true);

    /// <summary>
    /// Takes back this client's newest edit that is not undone yet, as transformed through every edit
    /// made since (others' text stays); returns whether there was one, and the command to send now.
    /// </summary>
    public (bool Undone, SubmitEdit? Next) Undo()
    {
        if (_undo.Count == 0)
        {
            return (false, null);
        }
        var inverse = _undo[^1];
        _undo.RemoveAt(_undo.Count - 1);
        return (true, ApplyLocal(inverse, undoable: false));
    }

    private SubmitEdit? ApplyLocal(TextOperation operation, bool undoable)
    {
        var before = Text;
        Text = operation.Apply(Text);
        if (operation.IsNoop)
        {
            return null;
        }
        if (undoable)
        {
            _undo.Add(operation.Invert(before));
            if (_undo.Count > UndoDepth)
            {
                _undo.RemoveAt(0);
            }
        }
        if (Outstanding is null)
        {
            Outstanding = (Guid.NewGuid().ToString("N"), operation);
            return Submission();
        }
        _buffer = _buffer is null ? operation : _buffer.Compose(operation);
        return null;
    }

    /// <summary>
    /// Takes the server's next edit. Returns the operation applied to the local text (null for the
    /// echo of this client's own edit, or a replayed one) and the next command to send, if any.
    /// </summary>
    public (TextOperation? Applied, SubmitEdit? Next) ApplyServer(DocumentEdit edit)
    {
        if (edit.Revision <= Revision)
        {
            return (null, null);
        }
        Revision = edit.Revision;
        if (Outstanding is { } outstanding && edit.ClientEditId == outstanding.ClientEditId)
        {
            Outstanding = _buffer is null ? null : (Guid.NewGuid().ToString("N"), _buffer);
            _buffer = null;
            return (null, Outstanding is null ? null : Submission());
        }
        var operation = edit.Operation.ToTextOperation();
        if (Outstanding is { } pending)
        {
            (var pendingPrime, operation) = TextOperation.Transform(pending.Operation, operation);
            Outstanding = (pending.ClientEditId, pendingPrime);
        }
        if (_buffer is not null)
        {
            (_buffer, operation) = TextOperation.Transform(_buffer, operation);
        }
        Text = operation.Apply(Text);
        TransformUndo(operation);
        return (operation, null);
    }

    /// <summary>The outstanding edit as a command against the current revision (for a resubmission).</summary>
    public SubmitEdit? Submission() => Outstanding is { } outstanding
        ? new SubmitEdit
        {
            DocumentId = documentId,
            ClientEditId = outstanding.ClientEditId,
            BaseRevision = Revision,
            Operation = outstanding.Operation.ToWire(),
        }
        : null;

    /// <summary>Replaces the copy with a server snapshot; unacknowledged local edits are dropped and returned as lost.</summary>
    public bool Reset(DocumentSnapshot snapshot)
    {
        var lostLocalEdits = !IsSynced;
        Epoch = snapshot.Epoch;
        Revision = snapshot.Revision;
        Text = snapshot.Content;
        Outstanding = null;
        _buffer = null;
        _undo.Clear();
        return lostLocalEdits;
    }

    /// <summary>Keeps every undo step applicable after another author's edit changed the text under it.</summary>
    private void TransformUndo(TextOperation remote)
    {
        for (var i = _undo.Count - 1; i >= 0; i--)
        {
            (_undo[i], remote) = TextOperation.Transform(_undo[i], remote);
        }
    }
}
