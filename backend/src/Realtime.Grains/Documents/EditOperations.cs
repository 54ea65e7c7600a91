using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Ot;

namespace Realtime.Grains.Documents;

/// <summary>An edit request as a text operation over a document of a known length, or the field it gets wrong.</summary>
public static class EditOperations
{
    /// <param name="edit">Components, or a range to replace when it has none.</param>
    /// <param name="length">The document's length in code points at the edit's base revision.</param>
    public static TextOperation Build(EditRequest edit, int length)
    {
        try
        {
            if (edit.Components is null)
            {
                return TextOperation.ReplaceRange(length, (int)Math.Clamp(edit.Start, -1, int.MaxValue), (int)Math.Clamp(edit.End, -1, int.MaxValue), edit.Text);
            }
            var builder = new TextOperationBuilder();
            foreach (var component in edit.Components)
            {
                builder.Add(component.Kind switch
                {
                    EditComponentKind.Retain => TextComponent.Retain(component.Length),
                    EditComponentKind.Insert => TextComponent.Insert(component.Text),
                    _ => TextComponent.Delete(component.Length),
                });
            }
            var operation = builder.Build();
            return operation.BaseLength == length
                ? operation
                : throw new EditMismatchException($"The operation spans {operation.BaseLength} code points but the document has {length} at revision {edit.BaseRevision}.");
        }
        catch (EditMismatchException mismatch)
        {
            throw new TopicException(TopicErrorKind.Invalid, mismatch.Message, edit.Components is null ? "range" : "operation");
        }
    }
}
