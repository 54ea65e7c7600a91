using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Grains.Documents;
using Realtime.Ot;
using Realtime.Protos.Collab.V1;
using Realtime.Protos.Common.V1;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Documents;

/// <summary>Checks document commands at the edge, naming every field that breaks a rule.</summary>
public sealed class DocumentValidator(IOptions<DocumentOptions> options)
{
    public void Open(OpenDocument? open)
    {
        if (open is null)
        {
            CommandException.ThrowIfAny([new Violation("open", "is required")]);
            return;
        }
        var violations = new List<Violation>();
        DocumentId(violations, "open.document_id", open.DocumentId);
        Resume(violations, "open.resume_from", open.ResumeFrom);
        CommandException.ThrowIfAny(violations);
    }

    public void Document(string field, string documentId)
    {
        var violations = new List<Violation>();
        DocumentId(violations, field, documentId);
        CommandException.ThrowIfAny(violations);
    }

    /// <summary>Checks an edit's shape (what can be checked without the document) and turns it into the grain's request.</summary>
    public EditRequest Edit(SubmitEdit? edit, Caller author)
    {
        if (edit is null)
        {
            CommandException.ThrowIfAny([new Violation("edit", "is required")]);
            return null!;
        }
        var limits = options.Value;
        var violations = new List<Violation>();
        DocumentId(violations, "edit.document_id", edit.DocumentId);
        if (string.IsNullOrEmpty(edit.ClientEditId) || edit.ClientEditId.Length > limits.MaxClientEditIdLength)
        {
            violations.Add(new Violation("edit.client_edit_id", $"must be 1-{limits.MaxClientEditIdLength} characters"));
        }
        if (edit.BaseRevision < 0)
        {
            violations.Add(new Violation("edit.base_revision", "must not be negative"));
        }
        var request = edit.ChangeCase switch
        {
            SubmitEdit.ChangeOneofCase.Operation => OperationRequest(violations, edit, author),
            SubmitEdit.ChangeOneofCase.Insert => RangeRequest(violations, edit, author, "edit.insert", edit.Insert.Position, edit.Insert.Position, edit.Insert.Text),
            SubmitEdit.ChangeOneofCase.Delete => RangeRequest(violations, edit, author, "edit.delete", edit.Delete.Start, edit.Delete.End, ""),
            SubmitEdit.ChangeOneofCase.Replace => RangeRequest(violations, edit, author, "edit.replace", edit.Replace.Start, edit.Replace.End, edit.Replace.Text),
            _ => Missing(violations),
        };
        CommandException.ThrowIfAny(violations);
        return request!;
    }

    public void Cursor(UpdateCursor? cursor)
    {
        if (cursor is null)
        {
            CommandException.ThrowIfAny([new Violation("cursor", "is required")]);
            return;
        }
        var violations = new List<Violation>();
        DocumentId(violations, "cursor.document_id", cursor.DocumentId);
        if (cursor.Revision < 0)
        {
            violations.Add(new Violation("cursor.revision", "must not be negative"));
        }
        if (cursor.Anchor is < 0 or > int.MaxValue)
        {
            violations.Add(new Violation("cursor.anchor", "must be a position in the document"));
        }
        if (cursor.Head is < 0 or > int.MaxValue)
        {
            violations.Add(new Violation("cursor.head", "must be a position in the document"));
        }
        CommandException.ThrowIfAny(violations);
    }

    public void Create(CreateDocumentRequest request)
    {
        var violations = new List<Violation>();
        DocumentId(violations, "document_id", request.DocumentId);
        if (request.Title.Length > options.Value.MaxTitleLength)
        {
            violations.Add(new Violation("title", $"must be at most {options.Value.MaxTitleLength} characters"));
        }
        if (!CodePoints.IsWellFormed(request.InitialContent))
        {
            violations.Add(new Violation("initial_content", "must be well-formed Unicode"));
        }
        CommandException.ThrowIfAny(violations);
    }

    private EditRequest? OperationRequest(List<Violation> violations, SubmitEdit edit, Caller author)
    {
        var limits = options.Value;
        var components = edit.Operation.Components;
        if (components.Count == 0)
        {
            violations.Add(new Violation("edit.operation.components", "must span the document (retain its whole length for a no-op)"));
            return null;
        }
        if (components.Count > limits.MaxEditComponents)
        {
            violations.Add(new Violation("edit.operation.components", $"must be at most {limits.MaxEditComponents} components"));
            return null;
        }
        var converted = new EditComponent[components.Count];
        var inserted = 0L;
        for (var i = 0; i < components.Count; i++)
        {
            var field = $"edit.operation.components[{i}]";
            var component = components[i];
            switch (component.ComponentCase)
            {
                case Protos.Collab.V1.OperationComponent.ComponentOneofCase.Retain when component.Retain is > 0 and <= int.MaxValue:
                    converted[i] = new EditComponent(EditComponentKind.Retain, (int)component.Retain, "");
                    break;
                case Protos.Collab.V1.OperationComponent.ComponentOneofCase.Delete when component.Delete is > 0 and <= int.MaxValue:
                    converted[i] = new EditComponent(EditComponentKind.Delete, (int)component.Delete, "");
                    break;
                case Protos.Collab.V1.OperationComponent.ComponentOneofCase.Insert when component.Insert.Length > 0:
                    if (!CodePoints.IsWellFormed(component.Insert))
                    {
                        violations.Add(new Violation(field + ".insert", "must be well-formed Unicode"));
                    }
                    inserted += CodePoints.Count(component.Insert);
                    converted[i] = new EditComponent(EditComponentKind.Insert, 0, component.Insert);
                    break;
                default:
                    violations.Add(new Violation(field, "must be a positive retain or delete, or a non-empty insert"));
                    break;
            }
        }
        if (inserted > limits.MaxEditInsertLength)
        {
            violations.Add(new Violation("edit.operation", $"inserts more than {limits.MaxEditInsertLength} code points"));
        }
        return new EditRequest(author, edit.ClientEditId, edit.BaseRevision, converted, 0, 0, "");
    }

    private EditRequest RangeRequest(List<Violation> violations, SubmitEdit edit, Caller author, string field, long start, long end, string text)
    {
        if (start < 0)
        {
            violations.Add(new Violation(field + (field.EndsWith("insert", StringComparison.Ordinal) ? ".position" : ".start"), "must not be negative"));
        }
        if (end < start)
        {
            violations.Add(new Violation(field + ".end", "must not be before start"));
        }
        if (!CodePoints.IsWellFormed(text))
        {
            violations.Add(new Violation(field + ".text", "must be well-formed Unicode"));
        }
        else if (CodePoints.Count(text) > options.Value.MaxEditInsertLength)
        {
            violations.Add(new Violation(field + ".text", $"must be at most {options.Value.MaxEditInsertLength} code points"));
        }
        if (edit.ChangeCase != SubmitEdit.ChangeOneofCase.Delete && text.Length == 0 && start == end)
        {
            violations.Add(new Violation(field + ".text", "must not be empty"));
        }
        return new EditRequest(author, edit.ClientEditId, edit.BaseRevision, null, start, end, text);
    }

    private static EditRequest? Missing(List<Violation> violations)
    {
        violations.Add(new Violation("edit.change", "one of operation, insert, delete or replace is required"));
        return null;
    }

    private static void Resume(List<Violation> violations, string field, StreamPosition? resume)
    {
        if (resume is null)
        {
            return;
        }
        if (string.IsNullOrEmpty(resume.Epoch))
        {
            violations.Add(new Violation(field + ".epoch", "is required when resuming"));
        }
        if (resume.Offset < 0)
        {
            violations.Add(new Violation(field + ".offset", "must not be negative"));
        }
    }

    private static void DocumentId(List<Violation> violations, string field, string documentId)
    {
        if (!Identifiers.IsValid(documentId))
        {
            violations.Add(new Violation(field, $"must be {Identifiers.Rule}"));
        }
    }
}
