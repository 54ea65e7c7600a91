namespace Realtime.Grains.Directory;

/// <summary>
/// Every topic of a kind in id order with its listing (what lists show of it), kept outside the topics'
/// grains: listing a page activates no grain and costs O(log n + page) at any number of topics, and
/// registering a topic is one write that no grain serializes. See docs/ARCHITECTURE.md "Directory".
/// </summary>
public interface ITopicIndex
{
    /// <summary>Adds the topic or replaces its listing.</summary>
    ValueTask PutAsync(string kind, string id, byte[] listing, CancellationToken cancellationToken);

    /// <summary>Topics with ids ordinally greater than <paramref name="afterId"/> ("" for the first), ascending, at most <paramref name="maxCount"/>.</summary>
    ValueTask<IndexedTopic[]> ListAsync(string kind, string afterId, int maxCount, CancellationToken cancellationToken);
}

public readonly record struct IndexedTopic(string Id, byte[] Listing);
