using Google.Protobuf;
using Google.Protobuf.Reflection;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Realtime.AdminCli;

/// <summary>Any answer as a two-column table of its fields, nested messages flattened with dotted names; "done" for an empty one.</summary>
public static class AnswerTable
{
    public static IRenderable Build(IMessage answer)
    {
        var rows = Rows(answer, "").ToList();
        if (rows.Count == 0)
        {
            return new Text("done" + Environment.NewLine);
        }
        var table = new Table().AddColumn("field").AddColumn("value");
        foreach (var (name, value) in rows)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        }
        return table;
    }

    private static IEnumerable<(string Name, string Value)> Rows(IMessage message, string prefix)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = prefix + field.Name;
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                yield return (name, string.Join(", ", ((System.Collections.IEnumerable)value).Cast<object>()));
            }
            else if (field.FieldType == FieldType.Message && value is IMessage nested)
            {
                foreach (var row in Rows(nested, name + "."))
                {
                    yield return row;
                }
            }
            else
            {
                yield return (name, value?.ToString() ?? "");
            }
        }
    }
}
