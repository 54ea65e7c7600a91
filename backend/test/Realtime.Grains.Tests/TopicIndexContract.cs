using System.Text;
using Realtime.Grains.Directory;
using Realtime.Testing;

namespace Realtime.Grains.Tests;

/// <summary>What every topic index guarantees; run against the in-memory index, Redis and a Redis Cluster.</summary>
public abstract class TopicIndexContract
{
    protected abstract ITopicIndex Index { get; }

    private static byte[] Listing(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(IndexedTopic topic) => Encoding.UTF8.GetString(topic.Listing);

    private async Task<List<IndexedTopic>> ReadAllAsync(string kind, int pageSize, Func<Task>? betweenPages = null)
    {
        var all = new List<IndexedTopic>();
        var after = "";
        while (true)
        {
            var page = await Index.ListAsync(kind, after, pageSize, default);
            Assert.True(page.Length <= pageSize);
            all.AddRange(page);
            if (page.Length < pageSize)
            {
                return all;
            }
            after = page[^1].Id;
            if (betweenPages is not null)
            {
                await betweenPages();
            }
        }
    }

    [Fact]
    public async Task Pages_come_in_ordinal_id_order_with_their_listings()
    {
        var kind = Ids.Unique("kind");
        string[] ids = ["b", "a", "B", "a-1", "é", "a0", "Z"];
        foreach (var id in ids)
        {
            await Index.PutAsync(kind, id, Listing($"listing of {id}"), default);
        }

        var all = await ReadAllAsync(kind, 3);
        var afterMissing = await Index.ListAsync(kind, "a00", 10, default);

        Assert.Equal(ids.Order(StringComparer.Ordinal), all.Select(t => t.Id));
        Assert.All(all, topic => Assert.Equal($"listing of {topic.Id}", Text(topic)));
        Assert.Equal(["b", "é"], afterMissing.Select(t => t.Id));
        Assert.Empty(await Index.ListAsync(Ids.Unique("empty"), "", 10, default));
    }

    [Fact]
    public async Task Putting_a_listed_topic_again_replaces_its_listing_and_keeps_one_entry()
    {
        var kind = Ids.Unique("kind");
        await Index.PutAsync(kind, "room", Listing("first"), default);
        await Index.PutAsync(kind, "room", Listing("second"), default);

        var page = await Index.ListAsync(kind, "", 10, default);

        Assert.Equal("second", Text(Assert.Single(page)));
    }

    [Fact]
    public async Task Paging_while_topics_are_created_concurrently_lists_every_earlier_topic_once_in_order()
    {
        var kind = Ids.Unique("kind");
        var earlier = Enumerable.Range(0, 300).Select(i => $"t{i * 7919 % 1000:D4}").ToArray();
        await Task.WhenAll(earlier.Select(id => Index.PutAsync(kind, id, Listing(id), default).AsTask()));
        var created = 0;
        var creators = Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                await Index.PutAsync(kind, $"t{c}{i:D3}x", Listing("new"), default);
                Interlocked.Increment(ref created);
            }
        })).ToArray();

        var listed = await ReadAllAsync(kind, 7, async () => await Task.Yield());
        await Task.WhenAll(creators);
        var afterwards = await ReadAllAsync(kind, 50);

        var listedIds = listed.Select(t => t.Id).ToArray();
        Assert.Equal(listedIds.Order(StringComparer.Ordinal), listedIds);
        Assert.Equal(listedIds.Length, listedIds.Distinct().Count());
        Assert.Empty(earlier.Except(listedIds));
        Assert.Equal(600, created);
        Assert.Equal(900, afterwards.Count);
    }
}

[Trait("Tier", "unit")]
public sealed class InMemoryTopicIndexTests : TopicIndexContract
{
    protected override ITopicIndex Index { get; } = new InMemoryTopicIndex();
}
