using Orleans.Core.Internal;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Protos;
using Realtime.Protos.Collab.V1;

namespace Realtime.Grains.Tests;

/// <summary>On a silo keeping 5 edits (snapshot every 3), documents of at most 100 code points.</summary>
[Trait("Tier", "integration")]
public sealed class DocumentGrainTests(SiloFixture silo) : IClassFixture<SiloFixture>
{
    private IDocumentGrain NewDocument() => silo.Grains.GetGrain<IDocumentGrain>($"doc-{Guid.NewGuid():N}");

    private static Caller User(string id) => new(id, false);

    private static EditRequest Replace(string author, string id, long baseRevision, long start, long end, string text) =>
        new(User(author), id, baseRevision, null, start, end, text);

    [Fact]
    public async Task Edits_made_against_an_old_revision_are_transformed_against_everything_since()
    {
        var document = NewDocument();
        await document.CreateAsync("t", "alice", "abc", TopicAccess.Public("alice"));

        var first = await document.SubmitAsync(Replace("alice", "a1", 0, 0, 0, "X"));
        var second = await document.SubmitAsync(Replace("bob", "b1", 0, 3, 3, "Y"));
        var third = await document.SubmitAsync(Replace("carol", "c1", 0, 1, 2, ""));

        Assert.Equal([1L, 2, 3], new[] { first.Revision, second.Revision, third.Revision });
        Assert.Equal("XacY", (await document.ReadContentAsync(0)).Text);
        Assert.Equal("Xabc", (await document.ReadContentAsync(1)).Text);
        var history = await document.ReadAfterAsync(0, 10, CancellationToken.None);
        var carol = CollabServerFrame.Parser.ParseFrom(history.Events[2].Payload).Edit;
        Assert.Equal("carol", carol.AuthorId);
        Assert.Equal("retain 2, delete 1, retain 2", carol.Operation.ToTextOperation().ToString());
    }

    [Fact]
    public async Task A_resubmitted_edit_is_applied_once_and_acked_with_its_original_revision()
    {
        var document = NewDocument();
        await document.CreateAsync("t", "alice", "", TopicAccess.Public("alice"));

        var first = await document.SubmitAsync(Replace("alice", "same", 0, 0, 0, "hi"));
        var again = await document.SubmitAsync(Replace("alice", "same", 0, 0, 0, "hi"));
        var otherAuthor = await document.SubmitAsync(Replace("bob", "same", 0, 0, 0, "yo"));

        Assert.Equal(first.Revision, again.Revision);
        Assert.True(again.Duplicate);
        Assert.Equal(2, otherAuthor.Revision);
        Assert.Equal("yohi", (await document.ReadContentAsync(0)).Text);
    }

    [Fact]
    public async Task Bad_edits_are_refused_with_the_field_at_fault_and_change_nothing()
    {
        var document = NewDocument();
        await document.CreateAsync("t", "alice", "abc", TopicAccess.Public("alice"));
        for (var i = 0; i < 9; i++)
        {
            await document.SubmitAsync(Replace("alice", $"e{i}", i, 0, 0, "x"));
        }

        var stale = await Assert.ThrowsAsync<TopicException>(() => document.SubmitAsync(Replace("alice", "s", 1, 0, 0, "x")));
        var ahead = await Assert.ThrowsAsync<TopicException>(() => document.SubmitAsync(Replace("alice", "h", 10, 0, 0, "x")));
        var outside = await Assert.ThrowsAsync<TopicException>(() => document.SubmitAsync(Replace("alice", "o", 9, 5, 13, "")));
        var tooShort = await Assert.ThrowsAsync<TopicException>(() => document.SubmitAsync(
            new EditRequest(User("alice"), "c", 9, [new EditComponent(EditComponentKind.Retain, 3, "")], 0, 0, "")));
        var tooLarge = await Assert.ThrowsAsync<TopicException>(() => document.SubmitAsync(Replace("alice", "l", 9, 0, 0, new string('z', 95))));

        Assert.Equal(TopicErrorKind.Stale, stale.Kind);
        Assert.Equal((TopicErrorKind.Invalid, "base_revision"), (ahead.Kind, ahead.Field));
        Assert.Equal((TopicErrorKind.Invalid, "range"), (outside.Kind, outside.Field));
        Assert.Equal((TopicErrorKind.Invalid, "operation"), (tooShort.Kind, tooShort.Field));
        Assert.Equal(TopicErrorKind.LimitReached, tooLarge.Kind);
        var content = await document.ReadContentAsync(0);
        Assert.Equal((9L, "xxxxxxxxxabc"), (content.Revision, content.Text));
    }

    [Fact]
    public async Task After_reactivation_the_content_revision_and_retained_log_are_back()
    {
        var document = NewDocument();
        var opened = await document.OpenAsync(User("alice"), new PresenceLease("c1", "alice"));
        var expected = "";
        for (var i = 0; i < 12; i++)
        {
            var text = i % 2 == 0 ? "😀" : $"{i}";
            await document.SubmitAsync(Replace("alice", $"e{i}", i, 0, 0, text));
            expected = text + expected;
        }

        await document.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var reopened = await Eventually(async () =>
        {
            var result = await document.OpenAsync(User("bob"), new PresenceLease("c2", "bob"));
            return result.Members.Contains("alice") ? null : result;
        });
        var lateEdit = await document.SubmitAsync(Replace("bob", "late", 8, 0, 0, "!"));

        Assert.Equal((opened.Document.Epoch, 12L), (reopened.Document.Epoch, reopened.Document.Revision));
        Assert.Equal(expected, reopened.Content);
        Assert.Equal(13, lateEdit.Revision);
        Assert.Equal(TopicErrorKind.Stale, (await Assert.ThrowsAsync<TopicException>(() => document.ReadContentAsync(2))).Kind);
        Assert.Equal(expected, (await document.ReadContentAsync(12)).Text);
    }

    [Fact]
    public async Task Cursors_move_with_the_text_and_late_openers_see_them_where_the_text_went()
    {
        var document = NewDocument();
        await document.CreateAsync("t", "alice", "hello world", TopicAccess.Public("alice"));
        var alice = new PresenceLease("c1", "alice");
        await document.OpenAsync(User("alice"), alice);

        await document.UpdateCursorAsync(User("alice"), alice, 0, 6, 11);
        await document.SubmitAsync(Replace("bob", "b1", 0, 0, 0, "👋 "));
        var late = await document.OpenAsync(User("carol"), new PresenceLease("c2", "carol"));

        var cursor = Assert.Single(late.Cursors);
        Assert.Equal(("alice", 1L, 8, 13), (cursor.UserId, cursor.Revision, cursor.Anchor, cursor.Head));
        var outside = await Assert.ThrowsAsync<TopicException>(() => document.UpdateCursorAsync(User("alice"), alice, 0, 0, 12));
        Assert.Equal("head", outside.Field);
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(50, timeout.Token);
        }
    }
}
