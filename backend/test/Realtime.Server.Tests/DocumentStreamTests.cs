using Grpc.Core;
using Realtime.Ot;
using Realtime.Protos;
using Realtime.Protos.Collab.V1;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
[Collection(ServerCollection.Name)]
public sealed class DocumentStreamTests(ServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Concurrent_edits_from_two_streams_reach_both_in_one_order_with_the_author_from_the_token()
    {
        var document = Ids.Unique("doc");
        var (aliceId, bobId) = (Ids.Unique("alice"), Ids.Unique("bob"));
        await using var alice = DocumentStream.Open(Server.NativeChannel(), Server.Token(aliceId));
        await using var bob = DocumentStream.Open(Server.NativeChannel(), Server.Token(bobId));
        var opened = await alice.OpenDocumentAsync(document);
        await bob.OpenDocumentAsync(document);

        // Both edit against revision 0 at the same time: the server orders and transforms.
        var aliceEdits = new List<string>();
        var bobEdits = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            aliceEdits.Add(await alice.ReplaceAsync(document, 0, 0, 0, "a"));
            bobEdits.Add(await bob.ReplaceAsync(document, 0, 0, 0, "😀"));
        }

        var atAlice = await alice.EditsAsync(document, 20);
        var atBob = await bob.EditsAsync(document, 20);
        Assert.Equal(atAlice, atBob);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), atAlice.Select(e => e.Revision));
        Assert.All(atAlice, e => Assert.Equal(aliceEdits.Contains(e.ClientEditId) ? aliceId : bobId, e.AuthorId));
        var ack = await alice.AckAsync(aliceEdits[^1]);
        Assert.Equal(atAlice.Single(e => e.ClientEditId == aliceEdits[^1]).Revision, ack.Revision);
        var text = atAlice.Aggregate(opened.Snapshot.Content, (content, edit) => edit.Operation.ToTextOperation().Apply(content));
        Assert.Equal(10, text.Count(c => c == 'a'));
        Assert.Equal(10, CodePoints.Count(text) - 10);
        var stored = await new CollaborationService.CollaborationServiceClient(Server.NativeChannel())
            .GetDocumentAsync(new GetDocumentRequest { DocumentId = document }, Auth.Headers(Server.Token(aliceId)));
        Assert.Equal((text, 20L), (stored.Snapshot.Content, stored.Snapshot.Revision));
    }

    [Fact]
    public async Task Reopening_with_a_resume_point_replays_exactly_the_missed_edits_then_live_ones()
    {
        var document = Ids.Unique("doc");
        var token = Server.Token(Ids.Unique("reader"));
        await using var writer = DocumentStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("writer")));
        await writer.OpenDocumentAsync(document);
        StreamPosition position;
        await using (var reader = DocumentStream.Open(Server.NativeChannel(), token))
        {
            await reader.OpenDocumentAsync(document);
            await writer.AckAsync(await writer.ReplaceAsync(document, 0, 0, 0, "first "));
            var seen = await reader.EditsAsync(document, 1);
            position = new StreamPosition { Epoch = seen[0].Epoch, Offset = seen[0].Revision };
        }
        for (var i = 1; i <= 5; i++)
        {
            await writer.AckAsync(await writer.ReplaceAsync(document, i, 0, 0, $"{i}"));
        }

        await using var resumed = DocumentStream.Open(Server.NativeChannel(), token);
        var reopened = await resumed.OpenDocumentAsync(document, position);
        await writer.ReplaceAsync(document, 6, 0, 0, "live");

        var edits = await resumed.EditsAsync(document, 6);
        Assert.Null(reopened.Snapshot);
        Assert.Equal([2L, 3, 4, 5, 6, 7], edits.Select(e => e.Revision));
        Assert.DoesNotContain(resumed.Frames, f => f.ContinuityLost is not null);
    }

    [Fact]
    public async Task Bad_edits_get_the_precise_status_and_field_and_the_stream_goes_on()
    {
        var document = Ids.Unique("doc");
        await using var stream = DocumentStream.Open(Server.NativeChannel(), Server.Token(Ids.Unique("editor")));
        await stream.OpenDocumentAsync(document);
        await stream.AckAsync(await stream.ReplaceAsync(document, 0, 0, 0, "abc"));

        var outOfRange = await stream.ReplaceAsync(document, 1, 2, 9, "x");
        var aheadOfServer = await stream.ReplaceAsync(document, 7, 0, 0, "x");
        await stream.WriteAsync(new CollabClientFrame
        {
            Edit = new SubmitEdit
            {
                DocumentId = document,
                ClientEditId = "bad-components",
                BaseRevision = 1,
                Operation = new Operation { Components = { new OperationComponent { Retain = 3 }, new OperationComponent { Delete = 0 } } },
            },
        });
        await stream.WriteAsync(new CollabClientFrame
        {
            Edit = new SubmitEdit { DocumentId = document, ClientEditId = "overlong", BaseRevision = 1, Insert = new InsertText { Position = 0, Text = new string('x', 16_385) } },
        });
        await stream.WriteAsync(new CollabClientFrame());
        var fine = await stream.ReplaceAsync(document, 1, 3, 3, "d");

        async Task<DocumentCommandError> ErrorFor(string id) => await stream.ErrorAsync(e => e.ClientEditId == id, $"error for {id}");
        Assert.Equal(("edit.replace", (int)StatusCode.InvalidArgument), Field(await ErrorFor(outOfRange)));
        Assert.Equal(("edit.base_revision", (int)StatusCode.InvalidArgument), Field(await ErrorFor(aheadOfServer)));
        Assert.Equal(("edit.operation.components[1]", (int)StatusCode.InvalidArgument), Field(await ErrorFor("bad-components")));
        Assert.Equal(("edit.insert.text", (int)StatusCode.InvalidArgument), Field(await ErrorFor("overlong")));
        var unknown = await stream.ErrorAsync(e => e.Command == DocumentCommandKind.Unspecified, "error for the empty frame");
        Assert.Equal(("command", (int)StatusCode.InvalidArgument), Field(unknown));
        Assert.Equal(2, (await stream.AckAsync(fine)).Revision);
        Assert.Null(stream.Failure);
    }

    [Fact]
    public async Task An_edit_before_the_retained_log_is_FailedPrecondition_and_a_resume_from_there_gets_a_snapshot()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Documents:RetainedEdits"] = "3",
            ["Documents:SnapshotEvery"] = "1",
        });
        var document = Ids.Unique("doc");
        var token = server.Token(Ids.Unique("editor"));
        await using var stream = DocumentStream.Open(server.NativeChannel(), token);
        var opened = await stream.OpenDocumentAsync(document);
        for (var i = 0; i < 8; i++)
        {
            await stream.AckAsync(await stream.ReplaceAsync(document, i, 0, 0, $"{i}"));
        }

        var stale = await stream.ReplaceAsync(document, 1, 0, 0, "late");
        var error = await stream.ErrorAsync(e => e.ClientEditId == stale, "error for the stale edit");
        await using var resumed = DocumentStream.Open(server.NativeChannel(), token);
        await resumed.OpenDocumentAsync(document, new StreamPosition { Epoch = opened.Position.Epoch, Offset = 1 });
        var lost = (await resumed.FrameAsync(f => f.ContinuityLost is not null, "continuity lost")).ContinuityLost;

        Assert.Equal((int)StatusCode.FailedPrecondition, error.Error.Code);
        Assert.Equal(ContinuityLossReason.HistoryTrimmed, lost.Reason);
        Assert.Equal(("76543210", 8L), (lost.Snapshot.Content, lost.Snapshot.Revision));
    }

    [Fact]
    public async Task A_stream_without_a_token_is_Unauthenticated()
    {
        await using var stream = DocumentStream.Open(Server.NativeChannel(), token: null);

        await Eventually.TrueAsync(() => stream.Ended, "the stream to end");

        Assert.Equal(StatusCode.Unauthenticated, stream.Failure?.StatusCode);
    }

    private static (string Field, int Code) Field(DocumentCommandError error) =>
        (error.Error.FieldViolations.Select(v => v.Field).FirstOrDefault() ?? "", error.Error.Code);
}
