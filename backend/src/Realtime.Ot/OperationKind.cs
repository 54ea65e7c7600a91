namespace Realtime.Ot;

public enum OperationKind
{
    Retain,
    Insert,
    Delete,
}
