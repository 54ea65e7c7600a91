using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Realtime.Grains.Directory;

/// <summary>
/// The embedded-mode index: an immutable sorted set of ids per kind (a balanced tree, so an insert is
/// O(log n) and a page is found by position, not by walking from the start) and a listing per id.
/// </summary>
public sealed class InMemoryTopicIndex : ITopicIndex
{
    private readonly ConcurrentDictionary<string, Kind> _kinds = new(StringComparer.Ordinal);

    public ValueTask PutAsync(string kind, string id, byte[] listing, CancellationToken cancellationToken)
    {
        var entries = _kinds.GetOrAdd(kind, _ => new Kind());
        // The listing first: a reader that finds the id finds its listing.
        entries.Listings[id] = listing;
        ImmutableInterlocked.Update(ref entries.Ids, (ids, added) => ids.Add(added), id);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IndexedTopic[]> ListAsync(string kind, string afterId, int maxCount, CancellationToken cancellationToken)
    {
        if (!_kinds.TryGetValue(kind, out var entries))
        {
            return ValueTask.FromResult<IndexedTopic[]>([]);
        }
        var ids = entries.Ids;
        var start = StartAfter(ids, afterId);
        var page = new IndexedTopic[Math.Clamp(ids.Count - start, 0, maxCount)];
        for (var i = 0; i < page.Length; i++)
        {
            var id = ids[start + i];
            page[i] = new IndexedTopic(id, entries.Listings[id]);
        }
        return ValueTask.FromResult(page);
    }

    private static int StartAfter(ImmutableSortedSet<string> ids, string afterId)
    {
        if (afterId.Length == 0)
        {
            return 0;
        }
        var found = ids.IndexOf(afterId);
        return found >= 0 ? found + 1 : ~found;
    }

    private sealed class Kind
    {
        public readonly ConcurrentDictionary<string, byte[]> Listings = new(StringComparer.Ordinal);

        public ImmutableSortedSet<string> Ids = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
    }
}
