using Google.Rpc;
using Grpc.Core;
using Realtime.Protos;
using Realtime.Protos.Collab.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class DocumentSessionAndQueryTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task A_browser_session_and_a_bidi_stream_editing_one_document_see_the_same_edits_and_converge()
    {
        var document = Ids.Unique("doc");
        var browserUser = Ids.Unique("browser");
        var web = Server.WebChannel();
        var (session, sessionId) = await SessionStream.OpenAsync(web, Server.Token(browserUser));
        await using var _ = session;
        var collab = new CollaborationService.CollaborationServiceClient(web);
        var headers = Auth.Headers(Server.Token(browserUser));
        await using var native = DocumentStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("native")));
        await native.OpenDocumentAsync(document);
        var opened = await collab.OpenDocumentInSessionAsync(new OpenDocumentInSessionRequest { SessionId = sessionId, Open = new OpenDocument { DocumentId = document } }, headers);

        for (var i = 0; i < 8; i++)
        {
            await native.ReplaceAsync(document, 0, 0, 0, "n");
            var ack = await collab.SubmitEditInSessionAsync(new SubmitEditInSessionRequest
            {
                SessionId = sessionId,
                Edit = new SubmitEdit { DocumentId = document, ClientEditId = $"web-{i}", BaseRevision = 0, Insert = new InsertText { Position = 0, Text = "🌐" } },
            }, headers);
            Assert.True(ack.Ack.Revision > 0);
        }
        await collab.UpdateCursorInSessionAsync(new UpdateCursorInSessionRequest
        {
            SessionId = sessionId,
            Cursor = new UpdateCursor { DocumentId = document, Revision = 0, Anchor = 0, Head = 0 },
        }, headers);

        var nativeEdits = await native.EditsAsync(document, 16);
        var sessionEdits = await Eventually.ValueAsync(
            () => session.Frames.Where(f => f.Collab?.Edit is not null).Select(f => f.Collab.Edit).ToList() is { Count: >= 16 } e ? e : null,
            "16 edits on the session stream");
        Assert.Equal(nativeEdits, sessionEdits);
        Assert.All(sessionEdits.Where(e => e.ClientEditId.StartsWith("web-", StringComparison.Ordinal)), e => Assert.Equal(browserUser, e.AuthorId));
        var text = sessionEdits.Aggregate(opened.Opened.Snapshot.Content, (content, edit) => edit.Operation.ToTextOperation().Apply(content));
        var stored = await collab.GetDocumentAsync(new GetDocumentRequest { DocumentId = document }, headers);
        Assert.Equal(stored.Snapshot.Content, text);
        var cursor = await native.FrameAsync(f => f.Cursor?.UserId == browserUser, "the browser's cursor at the native stream");
        Assert.Equal(16, cursor.Cursor.Revision);
    }

    [Fact]
    public async Task Documents_can_be_created_read_at_a_revision_listed_and_their_history_paged()
    {
        var owner = Ids.Unique("owner");
        var headers = Auth.Headers(Server.Token(owner));
        var collab = new CollaborationService.CollaborationServiceClient(Server.NativeChannel());
        var prefix = Ids.Unique("listed");
        var ids = Enumerable.Range(0, 3).Select(i => $"{prefix}-{i}").ToArray();
        foreach (var id in ids)
        {
            await collab.CreateDocumentAsync(new CreateDocumentRequest { DocumentId = id, Title = $"T {id}", InitialContent = "x" }, headers);
        }
        var duplicate = await Assert.ThrowsAsync<RpcException>(() => collab.CreateDocumentAsync(new CreateDocumentRequest { DocumentId = ids[0] }, headers).ResponseAsync);
        await using var stream = DocumentStream.Open(Server.NativeChannel(), Server.Token(owner));
        await stream.OpenDocumentAsync(ids[0]);
        for (var i = 0; i < 5; i++)
        {
            await stream.AckAsync(await stream.ReplaceAsync(ids[0], i, 1 + i, 1 + i, $"{i}"));
        }

        var atTwo = await collab.GetDocumentAsync(new GetDocumentRequest { DocumentId = ids[0], Revision = 2 }, headers);
        var latest = await collab.GetDocumentAsync(new GetDocumentRequest { DocumentId = ids[0] }, headers);
        var firstPage = await collab.GetDocumentHistoryAsync(new GetDocumentHistoryRequest { DocumentId = ids[0], FromRevision = 1, PageSize = 2 }, headers);
        var secondPage = await collab.GetDocumentHistoryAsync(new GetDocumentHistoryRequest { DocumentId = ids[0], FromRevision = 1, PageSize = 2, PageToken = firstPage.NextPageToken }, headers);
        var listed = new List<Document>();
        var token = "";
        do
        {
            var page = await collab.ListDocumentsAsync(new ListDocumentsRequest { PageSize = 2, PageToken = token }, headers);
            listed.AddRange(page.Documents.Where(d => d.DocumentId.StartsWith(prefix, StringComparison.Ordinal)));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);
        Assert.Equal(("x01", 2L), (atTwo.Snapshot.Content, atTwo.Snapshot.Revision));
        Assert.Equal(("x01234", 5L, 6L), (latest.Snapshot.Content, latest.Document.Position.Offset, latest.Document.Length));
        Assert.Equal([2L, 3], firstPage.Edits.Select(e => e.Revision));
        Assert.Equal([4L, 5], secondPage.Edits.Select(e => e.Revision));
        Assert.Empty(secondPage.NextPageToken);
        Assert.Equal(ids, listed.Select(d => d.DocumentId));
        Assert.All(listed, d => Assert.Equal(owner, d.CreatedBy));
    }

    [Fact]
    public async Task Unary_document_calls_with_bad_fields_get_InvalidArgument_with_field_violations()
    {
        var headers = Auth.Headers(Server.Token(Ids.Unique("user")));
        var collab = new CollaborationService.CollaborationServiceClient(Server.NativeChannel());

        var badCreate = await Assert.ThrowsAsync<RpcException>(() => collab.CreateDocumentAsync(
            new CreateDocumentRequest { DocumentId = "bad id!", Title = new string('t', 201) }, headers).ResponseAsync);
        var badRead = await Assert.ThrowsAsync<RpcException>(() => collab.GetDocumentAsync(new GetDocumentRequest { DocumentId = Ids.Unique("doc"), Revision = -1 }, headers).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => collab.GetDocumentAsync(new GetDocumentRequest { DocumentId = Ids.Unique("doc") }, headers).ResponseAsync);
        var badPage = await Assert.ThrowsAsync<RpcException>(() => collab.ListDocumentsAsync(new ListDocumentsRequest { PageToken = "%%%" }, headers).ResponseAsync);

        Assert.Equal(["document_id", "title"], Fields(badCreate));
        Assert.Equal(["revision"], Fields(badRead));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["page_token"], Fields(badPage));
    }

    private static IEnumerable<string> Fields(RpcException error)
    {
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        return error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field);
    }
}
