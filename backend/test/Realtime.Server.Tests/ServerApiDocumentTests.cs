using Grpc.Core;
using Realtime.Protos.Collab.V1;
using Realtime.Protos.Server.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>The server API's document edits: a collaborator's edit made by the application's backend with its API key.</summary>
[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class ServerApiDocumentTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    private ServerApiService.ServerApiServiceClient Api => new(Server.NativeChannel());

    private static Metadata Key(string apiKey) => new() { { "authorization", $"ApiKey {apiKey}" } };

    private static EditDocumentRequest Replace(string document, string key, long baseRevision, long start, long end, string text, string onBehalfOf = "") => new()
    {
        Edit = new SubmitEdit { DocumentId = document, ClientEditId = key, BaseRevision = baseRevision, Replace = new ReplaceRange { Start = start, End = end, Text = text } },
        OnBehalfOf = onBehalfOf,
    };

    [Fact]
    public async Task An_edit_is_transformed_like_a_collaborator_s_reaches_open_streams_and_a_retry_is_applied_once()
    {
        var document = Ids.Unique("doc");
        var alice = Ids.Unique("alice");
        var collab = new CollaborationService.CollaborationServiceClient(Server.NativeChannel());
        await collab.CreateDocumentAsync(new CreateDocumentRequest { DocumentId = document, InitialContent = "hello world" }, Auth.Headers(Server.Token(alice)));
        await using var editor = DocumentStream.Open(Server.NativeChannel(), Server.Token(alice));
        await editor.OpenDocumentAsync(document);
        var aliceEdit = await editor.ReplaceAsync(document, 0, 0, 0, ">> ");
        await Eventually.TrueAsync(() => editor.Frames.Any(f => f.Ack?.ClientEditId == aliceEdit), "alice's edit acked");

        // Made against revision 0: "world" is at 6 there, and lands where it is now.
        var first = (await Api.EditDocumentAsync(Replace(document, "fix-1", 0, 6, 11, "there"), Key(TestServer.ServerApiKey))).Ack;
        var retry = (await Api.EditDocumentAsync(Replace(document, "fix-1", 0, 6, 11, "there"), Key(TestServer.ServerApiKey))).Ack;
        var forBob = (await Api.EditDocumentAsync(Replace(document, "fix-2", first.Revision, 0, 0, "!", onBehalfOf: "bob"), Key(TestServer.ServerApiKey))).Ack;
        var seen = await Eventually.ValueAsync(() => editor.Edits(document) is { Count: >= 3 } edits ? edits : null, "three edits on alice's stream");
        var content = (await collab.GetDocumentAsync(new GetDocumentRequest { DocumentId = document }, Auth.Headers(Server.Token(alice)))).Snapshot.Content;

        Assert.Equal((false, true, first.Revision), (first.Duplicate, retry.Duplicate, retry.Revision));
        Assert.Equal(("fix-1", 2L, 3L), (first.ClientEditId, first.Revision, forBob.Revision));
        Assert.Equal("!>> hello there", content);
        Assert.Equal([(alice, ""), ("", "backend"), ("bob", "backend")], seen.Select(e => (e.AuthorId, e.PostedBy)));
    }

    [Fact]
    public async Task An_edit_needs_the_documents_scope_an_existing_document_and_a_valid_change()
    {
        var document = Ids.Unique("doc");
        var collab = new CollaborationService.CollaborationServiceClient(Server.NativeChannel());
        await collab.CreateDocumentAsync(new CreateDocumentRequest { DocumentId = document, InitialContent = "short" }, Auth.Headers(Server.Token(Ids.Unique("owner"))));

        async Task<RpcException> Refused(EditDocumentRequest request, string apiKey) =>
            await Assert.ThrowsAsync<RpcException>(async () => await Api.EditDocumentAsync(request, Key(apiKey)));

        var readOnly = await Refused(Replace(document, "k1", 0, 0, 0, "x"), TestServer.ReadOnlyServerApiKey);
        var missing = await Refused(Replace(Ids.Unique("nowhere"), "k2", 0, 0, 0, "x"), TestServer.ServerApiKey);
        var pastTheEnd = await Refused(Replace(document, "k3", 0, 3, 99, "x"), TestServer.ServerApiKey);
        var noEdit = await Refused(new EditDocumentRequest(), TestServer.ServerApiKey);

        Assert.Equal(StatusCode.PermissionDenied, readOnly.StatusCode);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, pastTheEnd.StatusCode);
        Assert.Contains("edit.replace", pastTheEnd.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, noEdit.StatusCode);
    }

    [Fact]
    public async Task A_batch_read_finds_documents_with_who_has_them_open_and_marks_the_missing()
    {
        var (open, closed, missing) = (Ids.Unique("doc"), Ids.Unique("doc"), Ids.Unique("nowhere"));
        var collab = new CollaborationService.CollaborationServiceClient(Server.NativeChannel());
        var owner = Auth.Headers(Server.Token(Ids.Unique("owner")));
        await collab.CreateDocumentAsync(new CreateDocumentRequest { DocumentId = open, InitialContent = "abc" }, owner);
        await collab.CreateDocumentAsync(new CreateDocumentRequest { DocumentId = closed }, owner);
        await using var editor = DocumentStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("alice")));
        await editor.OpenDocumentAsync(open);

        var read = await Api.GetDocumentsAsync(new GetDocumentsRequest { DocumentIds = { open, missing, closed } }, Key(TestServer.ReadOnlyServerApiKey));
        var invalid = await Assert.ThrowsAsync<RpcException>(async () =>
            await Api.GetDocumentsAsync(new GetDocumentsRequest { DocumentIds = { open, "not valid!" } }, Key(TestServer.ReadOnlyServerApiKey)));

        Assert.Equal([(open, false, 1), (missing, true, 0), (closed, false, 0)], read.Documents.Select(d => (d.DocumentId, d.NotFound, d.PresentCount)));
        Assert.Equal(3L, read.Documents[0].Document.Length);
        Assert.Null(read.Documents[1].Document);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("document_ids[1]", invalid.Status.Detail, StringComparison.Ordinal);
    }
}
