using Realtime.Ot;
using Realtime.Protos.Collab.V1;

namespace Realtime.Protos;

/// <summary>Converts between the wire form of an edit and <see cref="TextOperation"/>.</summary>
public static class OperationWire
{
    public static Operation ToWire(this TextOperation operation)
    {
        var wire = new Operation();
        wire.Components.AddRange(operation.Components.Select(c => c.Kind switch
        {
            OperationKind.Retain => new OperationComponent { Retain = c.Length },
            OperationKind.Insert => new OperationComponent { Insert = c.Text },
            _ => new OperationComponent { Delete = c.Length },
        }));
        return wire;
    }

    /// <summary>Throws <see cref="EditMismatchException"/> for a component that is unset, empty, negative or too long.</summary>
    public static TextOperation ToTextOperation(this Operation operation)
    {
        var builder = new TextOperationBuilder();
        foreach (var component in operation.Components)
        {
            switch (component.ComponentCase)
            {
                case OperationComponent.ComponentOneofCase.Retain when component.Retain is > 0 and <= int.MaxValue:
                    builder.Retain((int)component.Retain);
                    break;
                case OperationComponent.ComponentOneofCase.Delete when component.Delete is > 0 and <= int.MaxValue:
                    builder.Delete((int)component.Delete);
                    break;
                case OperationComponent.ComponentOneofCase.Insert when component.Insert.Length > 0:
                    builder.Insert(component.Insert);
                    break;
                default:
                    throw new EditMismatchException("Every component must be a positive retain or delete, or a non-empty insert.");
            }
        }
        return builder.Build();
    }
}
