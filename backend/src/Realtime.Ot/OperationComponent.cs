namespace Realtime.Ot;

/// <summary>
/// One step of an operation: keep <see cref="Length"/> code points, insert <see cref="Text"/>
/// (<see cref="Length"/> is its code point count), or delete <see cref="Length"/> code points.
/// </summary>
public readonly record struct OperationComponent(OperationKind Kind, int Length, string Text)
{
    public static OperationComponent Retain(int length) => new(OperationKind.Retain, length, "");

    public static OperationComponent Insert(string text) => new(OperationKind.Insert, CodePoints.Count(text), text);

    public static OperationComponent Delete(int length) => new(OperationKind.Delete, length, "");
}
