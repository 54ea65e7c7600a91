namespace Realtime.Ot;

/// <summary>
/// Builds operations in canonical form: no empty components, neighbours of one kind merged, and an
/// insert next to a delete always before it, so two operations that do the same thing are equal.
/// </summary>
public sealed class TextOperationBuilder
{
    private readonly List<TextComponent> _components = [];
    private int _baseLength;
    private int _targetLength;

    public TextOperationBuilder Retain(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > 0)
        {
            _baseLength += length;
            _targetLength += length;
            MergeOrAdd(TextComponent.Retain(length));
        }
        return this;
    }

    public TextOperationBuilder Insert(string text)
    {
        if (text.Length == 0)
        {
            return this;
        }
        var insert = TextComponent.Insert(text);
        _targetLength += insert.Length;
        if (_components.Count > 0 && _components[^1].Kind == OperationKind.Delete)
        {
            // Canonical order: insert, then delete.
            var delete = _components[^1];
            _components.RemoveAt(_components.Count - 1);
            MergeOrAdd(insert);
            _components.Add(delete);
            return this;
        }
        MergeOrAdd(insert);
        return this;
    }

    public TextOperationBuilder Delete(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length > 0)
        {
            _baseLength += length;
            MergeOrAdd(TextComponent.Delete(length));
        }
        return this;
    }

    public TextOperationBuilder Add(TextComponent component) => component.Kind switch
    {
        OperationKind.Retain => Retain(component.Length),
        OperationKind.Insert => Insert(component.Text),
        _ => Delete(component.Length),
    };

    public TextOperation Build() => new([.. _components], _baseLength, _targetLength);

    private void MergeOrAdd(TextComponent component)
    {
        if (_components.Count > 0 && _components[^1].Kind == component.Kind)
        {
            var last = _components[^1];
            _components[^1] = component.Kind == OperationKind.Insert
                ? new TextComponent(OperationKind.Insert, last.Length + component.Length, last.Text + component.Text)
                : last with { Length = last.Length + component.Length };
            return;
        }
        _components.Add(component);
    }
}
