namespace Realtime.Grains.Abstractions;

/// <summary>The ids of one kind of topic (one grain per kind and cluster, keyed by <see cref="Topics"/> kind), ordered by id.</summary>
public interface ITopicDirectoryGrain : IGrainWithStringKey
{
    Task RegisterAsync(string id);

    /// <summary>Ids greater than <paramref name="afterId"/>, ascending, at most <paramref name="maxCount"/>.</summary>
    Task<string[]> ListAsync(string afterId, int maxCount);
}
