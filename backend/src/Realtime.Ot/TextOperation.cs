using System.Text;

namespace Realtime.Ot;

/// <summary>
/// An edit of a whole text document: retain / insert / delete components that together span every
/// code point of the document it applies to (<see cref="BaseLength"/>) and produce
/// <see cref="TargetLength"/> code points. Immutable and always canonical (see <see cref="TextOperationBuilder"/>).
/// </summary>
public sealed class TextOperation : IEquatable<TextOperation>
{
    internal TextOperation(TextComponent[] components, int baseLength, int targetLength)
    {
        Components = components;
        BaseLength = baseLength;
        TargetLength = targetLength;
    }

    public IReadOnlyList<TextComponent> Components { get; }

    public int BaseLength { get; }

    public int TargetLength { get; }

    /// <summary>True when applying it changes nothing.</summary>
    public bool IsNoop => Components.All(c => c.Kind == OperationKind.Retain);

    public static TextOperation Identity(int length) => new TextOperationBuilder().Retain(length).Build();

    public static TextOperation InsertAt(int documentLength, int position, string text) =>
        ReplaceRange(documentLength, position, position, text);

    public static TextOperation DeleteRange(int documentLength, int start, int end) =>
        ReplaceRange(documentLength, start, end, "");

    /// <summary>Replaces code points [<paramref name="start"/>, <paramref name="end"/>) with <paramref name="text"/>.</summary>
    public static TextOperation ReplaceRange(int documentLength, int start, int end, string text)
    {
        if (start < 0 || start > end || end > documentLength)
        {
            throw new EditMismatchException($"Range [{start}, {end}) is not inside a document of {documentLength} code points.");
        }
        return new TextOperationBuilder().Retain(start).Insert(text).Delete(end - start).Retain(documentLength - end).Build();
    }

    /// <summary>Applies the operation to <paramref name="document"/>, which must have <see cref="BaseLength"/> code points.</summary>
    public string Apply(string document)
    {
        var result = new StringBuilder(document.Length + 16);
        var index = 0;
        try
        {
            foreach (var component in Components)
            {
                switch (component.Kind)
                {
                    case OperationKind.Retain:
                        var next = CodePoints.Advance(document, index, component.Length);
                        result.Append(document, index, next - index);
                        index = next;
                        break;
                    case OperationKind.Insert:
                        result.Append(component.Text);
                        break;
                    default:
                        index = CodePoints.Advance(document, index, component.Length);
                        break;
                }
            }
        }
        catch (ArgumentOutOfRangeException)
        {
            throw LengthMismatch(CodePoints.Count(document));
        }
        return index == document.Length ? result.ToString() : throw LengthMismatch(CodePoints.Count(document));
    }

    /// <summary>The operation that undoes this one on the document it produced from <paramref name="document"/>.</summary>
    public TextOperation Invert(string document)
    {
        var inverse = new TextOperationBuilder();
        var index = 0;
        foreach (var component in Components)
        {
            switch (component.Kind)
            {
                case OperationKind.Retain:
                    inverse.Retain(component.Length);
                    index = CodePoints.Advance(document, index, component.Length);
                    break;
                case OperationKind.Insert:
                    inverse.Delete(component.Length);
                    break;
                default:
                    var next = CodePoints.Advance(document, index, component.Length);
                    inverse.Insert(document[index..next]);
                    index = next;
                    break;
            }
        }
        return inverse.Build();
    }

    /// <summary>One operation with the effect of this one followed by <paramref name="next"/>.</summary>
    public TextOperation Compose(TextOperation next)
    {
        if (TargetLength != next.BaseLength)
        {
            throw new EditMismatchException($"Cannot compose: the first produces {TargetLength} code points, the second expects {next.BaseLength}.");
        }
        var result = new TextOperationBuilder();
        var first = new ComponentReader(Components);
        var second = new ComponentReader(next.Components);
        while (!first.Done || !second.Done)
        {
            if (!first.Done && first.Kind == OperationKind.Delete)
            {
                result.Delete(first.Remaining);
                first.TakeAll();
                continue;
            }
            if (!second.Done && second.Kind == OperationKind.Insert)
            {
                result.Insert(second.TakeAll());
                continue;
            }
            var count = Math.Min(first.Remaining, second.Remaining);
            switch (first.Kind, second.Kind)
            {
                case (OperationKind.Retain, OperationKind.Retain):
                    result.Retain(count);
                    break;
                case (OperationKind.Retain, OperationKind.Delete):
                    result.Delete(count);
                    break;
                case (OperationKind.Insert, OperationKind.Retain):
                    result.Insert(first.Take(count));
                    second.Take(count);
                    continue;
                default:
                    // Inserted by the first, deleted by the second: nothing remains of it.
                    break;
            }
            first.Take(count);
            second.Take(count);
        }
        return result.Build();
    }

    /// <summary>
    /// Transforms two concurrent operations on the same document: applying <paramref name="left"/> then
    /// Right, or <paramref name="right"/> then Left, gives the same text. Inserts at the same position
    /// put <paramref name="left"/>'s text first.
    /// </summary>
    public static (TextOperation Left, TextOperation Right) Transform(TextOperation left, TextOperation right)
    {
        if (left.BaseLength != right.BaseLength)
        {
            throw new EditMismatchException($"Cannot transform: the operations span {left.BaseLength} and {right.BaseLength} code points.");
        }
        var leftPrime = new TextOperationBuilder();
        var rightPrime = new TextOperationBuilder();
        var a = new ComponentReader(left.Components);
        var b = new ComponentReader(right.Components);
        while (!a.Done || !b.Done)
        {
            if (!a.Done && a.Kind == OperationKind.Insert)
            {
                var text = a.TakeAll();
                leftPrime.Insert(text);
                rightPrime.Retain(CodePoints.Count(text));
                continue;
            }
            if (!b.Done && b.Kind == OperationKind.Insert)
            {
                var text = b.TakeAll();
                leftPrime.Retain(CodePoints.Count(text));
                rightPrime.Insert(text);
                continue;
            }
            var count = Math.Min(a.Remaining, b.Remaining);
            switch (a.Kind, b.Kind)
            {
                case (OperationKind.Retain, OperationKind.Retain):
                    leftPrime.Retain(count);
                    rightPrime.Retain(count);
                    break;
                case (OperationKind.Delete, OperationKind.Retain):
                    leftPrime.Delete(count);
                    break;
                case (OperationKind.Retain, OperationKind.Delete):
                    rightPrime.Delete(count);
                    break;
                default:
                    // Both deleted the same text: neither has to any more.
                    break;
            }
            a.Take(count);
            b.Take(count);
        }
        return (leftPrime.Build(), rightPrime.Build());
    }

    /// <summary>
    /// Where a position (a cursor, a selection end) in the base document lands after this operation.
    /// Text inserted exactly at the position goes before it.
    /// </summary>
    public int TransformPosition(int position)
    {
        var transformed = position;
        var index = 0;
        foreach (var component in Components)
        {
            if (index > position)
            {
                break;
            }
            switch (component.Kind)
            {
                case OperationKind.Retain:
                    index += component.Length;
                    break;
                case OperationKind.Insert:
                    transformed += component.Length;
                    break;
                default:
                    transformed -= Math.Min(component.Length, Math.Max(0, position - index));
                    index += component.Length;
                    break;
            }
        }
        return Math.Clamp(transformed, 0, TargetLength);
    }

    public bool Equals(TextOperation? other) =>
        other is not null && BaseLength == other.BaseLength && Components.SequenceEqual(other.Components);

    public override bool Equals(object? obj) => Equals(obj as TextOperation);

    public override int GetHashCode() => HashCode.Combine(BaseLength, TargetLength, Components.Count);

    public override string ToString() => string.Join(", ", Components.Select(c => c.Kind switch
    {
        OperationKind.Retain => $"retain {c.Length}",
        OperationKind.Insert => $"insert \"{c.Text}\"",
        _ => $"delete {c.Length}",
    }));

    private EditMismatchException LengthMismatch(int documentLength) =>
        new($"The operation spans {BaseLength} code points but the document has {documentLength}.");
}
