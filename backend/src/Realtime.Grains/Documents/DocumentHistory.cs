using Realtime.Ot;

namespace Realtime.Grains.Documents;

/// <summary>
/// A document's text and the window of operations the grain can transform late edits against: the
/// content at <see cref="BaseRevision"/> (the stored snapshot) plus every operation since, in order.
/// </summary>
public sealed class DocumentHistory(string baseContent, long baseRevision)
{
    private readonly List<TextOperation> _operations = [];
    private string _base = baseContent;

    public long BaseRevision { get; private set; } = baseRevision;

    public long Revision => BaseRevision + _operations.Count;

    public string Content { get; private set; } = baseContent;

    public int Length { get; private set; } = CodePoints.Count(baseContent);

    public int RetainedCount => _operations.Count;

    public void Append(TextOperation operation)
    {
        Content = operation.Apply(Content);
        Length = operation.TargetLength;
        _operations.Add(operation);
    }

    /// <summary>The document's length at a revision in [<see cref="BaseRevision"/>, <see cref="Revision"/>].</summary>
    public int LengthAt(long revision) => revision == Revision ? Length : _operations[Index(revision)].BaseLength;

    /// <summary>Transforms an operation made against <paramref name="revision"/> so it applies to the latest content.</summary>
    public TextOperation Rebase(TextOperation operation, long revision)
    {
        for (var i = Index(revision); i < _operations.Count; i++)
        {
            // The incoming edit is the left one: concurrent inserts at one position put the later
            // edit's text first, exactly as the client-side transform does.
            (operation, _) = TextOperation.Transform(operation, _operations[i]);
        }
        return operation;
    }

    /// <summary>Where a position at <paramref name="revision"/> stands in the latest content.</summary>
    public int TransformPosition(int position, long revision)
    {
        for (var i = Index(revision); i < _operations.Count; i++)
        {
            position = _operations[i].TransformPosition(position);
        }
        return position;
    }

    public string ContentAt(long revision)
    {
        var content = _base;
        for (var i = 0; i < Index(revision); i++)
        {
            content = _operations[i].Apply(content);
        }
        return content;
    }

    /// <summary>Moves the base forward so that only <paramref name="keep"/> operations remain; returns the new base.</summary>
    public (string Content, long Revision) Compact(int keep)
    {
        var drop = Math.Max(0, _operations.Count - keep);
        for (var i = 0; i < drop; i++)
        {
            _base = _operations[i].Apply(_base);
        }
        _operations.RemoveRange(0, drop);
        BaseRevision += drop;
        return (_base, BaseRevision);
    }

    private int Index(long revision)
    {
        if (revision < BaseRevision || revision > Revision)
        {
            throw new ArgumentOutOfRangeException(nameof(revision), $"Revision {revision} is outside {BaseRevision}..{Revision}.");
        }
        return (int)(revision - BaseRevision);
    }
}
