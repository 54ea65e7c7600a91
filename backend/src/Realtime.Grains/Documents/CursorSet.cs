using Realtime.Grains.Abstractions.Documents;
using Realtime.Ot;

namespace Realtime.Grains.Documents;

/// <summary>Every open stream's cursor, kept at the document's latest revision by transforming it through each edit.</summary>
public sealed class CursorSet
{
    private readonly Dictionary<string, DocumentCursor> _cursors = new(StringComparer.Ordinal);

    public DocumentCursor[] All => [.. _cursors.Values];

    public void Set(DocumentCursor cursor) => _cursors[cursor.ConnectionId] = cursor;

    public bool Remove(string connectionId) => _cursors.Remove(connectionId);

    public DocumentCursor[] RemoveWhere(Func<string, bool> gone)
    {
        var removed = _cursors.Values.Where(c => gone(c.ConnectionId)).ToArray();
        foreach (var cursor in removed)
        {
            _cursors.Remove(cursor.ConnectionId);
        }
        return removed;
    }

    public void Transform(TextOperation operation, long revision)
    {
        foreach (var cursor in _cursors.Values.ToArray())
        {
            _cursors[cursor.ConnectionId] = cursor with
            {
                Revision = revision,
                Anchor = operation.TransformPosition(cursor.Anchor),
                Head = operation.TransformPosition(cursor.Head),
            };
        }
    }
}
