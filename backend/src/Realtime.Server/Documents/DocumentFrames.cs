using Google.Protobuf.WellKnownTypes;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Protos.Collab.V1;
using Realtime.Server.Access;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Streams;
using Realtime.Streaming.Outbox;
using StreamPosition = Realtime.Streaming.StreamPosition;
using WirePosition = Realtime.Protos.Common.V1.StreamPosition;

namespace Realtime.Server.Documents;

/// <summary>Builds document wire messages from grain results and stream signals.</summary>
public static class DocumentFrames
{
    public static WirePosition Position(StreamPosition position) => new() { Epoch = position.Epoch, Offset = position.Offset };

    /// <summary>The document as <paramref name="caller"/> sees it.</summary>
    public static Document Document(DocumentInfo info, Caller caller) => new()
    {
        DocumentId = info.DocumentId,
        Title = info.Title,
        CreatedBy = info.CreatedBy,
        CreateTime = Timestamp.FromDateTimeOffset(info.CreatedAt),
        Position = new WirePosition { Epoch = info.Epoch, Offset = info.Revision },
        Length = info.Length,
        Visibility = AccessPolicies.VisibilityOf(info.Access),
        CallerRole = AccessPolicies.ToWire(info.Access.RoleOf(caller)),
    };

    public static DocumentOpened Opened(DocumentOpenResult result, bool resumed)
    {
        var info = result.Document;
        var opened = new DocumentOpened
        {
            DocumentId = info.DocumentId,
            Position = new WirePosition { Epoch = info.Epoch, Offset = info.Revision },
            Snapshot = resumed ? null : new DocumentSnapshot { DocumentId = info.DocumentId, Epoch = info.Epoch, Revision = info.Revision, Content = result.Content },
            AccessRole = AccessPolicies.ToWire(result.Role),
        };
        opened.MemberIds.AddRange(result.Members);
        opened.Cursors.AddRange(result.Cursors.Select(c => new CursorChanged
        {
            DocumentId = info.DocumentId,
            UserId = c.UserId,
            ConnectionId = c.ConnectionId,
            Revision = c.Revision,
            Anchor = c.Anchor,
            Head = c.Head,
        }));
        return opened;
    }

    /// <summary>Where a field the document names for a refused edit is in the request ("range" is the edit's own kind: "edit.replace", …).</summary>
    public static string EditField(SubmitEdit edit, string field) => $"edit.{(field == "range" ? edit.ChangeCase.ToString().ToLowerInvariant() : field)}";

    public static EditAck Ack(string documentId, string clientEditId, EditResult result) => new()
    {
        DocumentId = documentId,
        ClientEditId = clientEditId,
        Epoch = result.Epoch,
        Revision = result.Revision,
        Duplicate = result.Duplicate,
    };

    public static DocumentContinuityLost ContinuityLost(string documentId, ContinuityLoss loss) => new()
    {
        DocumentId = documentId,
        Reason = loss.Reason.ToWire(),
        Snapshot = DocumentSnapshot.Parser.ParseFrom(loss.Snapshot.State),
    };

    public static CollabServerFrame Error(CollabClientFrame command, CommandException error) => new()
    {
        Error = new DocumentCommandError
        {
            Command = command.CommandCase switch
            {
                CollabClientFrame.CommandOneofCase.Open => DocumentCommandKind.Open,
                CollabClientFrame.CommandOneofCase.Close => DocumentCommandKind.Close,
                CollabClientFrame.CommandOneofCase.Edit => DocumentCommandKind.Edit,
                CollabClientFrame.CommandOneofCase.Cursor => DocumentCommandKind.Cursor,
                _ => DocumentCommandKind.Unspecified,
            },
            DocumentId = command.Open?.DocumentId ?? command.Close?.DocumentId ?? command.Edit?.DocumentId ?? command.Cursor?.DocumentId ?? "",
            ClientEditId = command.Edit?.ClientEditId ?? "",
            Error = error.ToErrorDetail(),
        },
    };

    public static DocumentReconnectHint ReconnectHint(IEnumerable<DocumentPosition> documents, TimeSpan retryAfter)
    {
        var hint = new DocumentReconnectHint { Reason = "server shutting down", RetryAfterMs = (int)retryAfter.TotalMilliseconds };
        hint.Documents.AddRange(documents);
        return hint;
    }
}
