namespace Realtime.Ot;

/// <summary>Walks an operation's components, letting a caller consume part of the current one.</summary>
internal sealed class ComponentReader(IReadOnlyList<TextComponent> components)
{
    private int _index;
    private int _consumed;
    private int _textOffset;

    public bool Done => _index >= components.Count;

    public OperationKind Kind => components[_index].Kind;

    public int Remaining => components[_index].Length - _consumed;

    /// <summary>Consumes <paramref name="count"/> code points of the current component; for an insert, returns their text.</summary>
    public string Take(int count)
    {
        var component = components[_index];
        var text = "";
        if (component.Kind == OperationKind.Insert)
        {
            var end = count == Remaining ? component.Text.Length : CodePoints.Advance(component.Text, _textOffset, count);
            text = component.Text[_textOffset..end];
            _textOffset = end;
        }
        _consumed += count;
        if (_consumed == component.Length)
        {
            _index++;
            _consumed = 0;
            _textOffset = 0;
        }
        return text;
    }

    public string TakeAll() => Take(Remaining);
}
