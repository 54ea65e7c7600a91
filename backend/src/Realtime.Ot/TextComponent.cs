namespace Realtime.Ot;

/// <summary>
/// One step of an operation: keep <see cref="Length"/> code points, insert <see cref="Text"/>
/// (<see cref="Length"/> is its code point count), or delete <see cref="Length"/> code points.
/// </summary>
public readonly record struct TextComponent(OperationKind Kind, int Length, string Text)
{
    public static TextComponent Retain(int length) => new(OperationKind.Retain, length, "");

    public static TextComponent Insert(string text) => new(OperationKind.Insert, CodePoints.Count(text), text);

    public static TextComponent Delete(int length) => new(OperationKind.Delete, length, "");
}
