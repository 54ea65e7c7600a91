namespace Realtime.Grains.Abstractions;

/// <summary>
/// What the streaming core needs of any topic-owning grain (chat room, document, game):
/// its retained history, to fill gaps and catch up slow streams, and presence leases. Reads take the
/// caller's cancellation (a call's deadline, a closing stream), which Orleans carries into the grain.
/// </summary>
public interface ITopicGrain : IGrainWithStringKey
{
    /// <summary>Retained events with offset &gt; <paramref name="afterOffset"/>, oldest first, at most <paramref name="maxCount"/>.</summary>
    Task<HistoryPage> ReadAfterAsync(long afterOffset, int maxCount, CancellationToken cancellationToken);

    /// <summary>The snapshot a stream whose resume point is lost restarts from (at most <paramref name="maxEvents"/> events of it).</summary>
    Task<TopicSnapshot> ReadSnapshotAsync(int maxEvents, CancellationToken cancellationToken);

    /// <summary>
    /// Renews the presence leases of the given connections held by the calling silo. Members whose
    /// lease is not renewed within the presence TTL are dropped, so a silo that dies leaves no ghosts.
    /// </summary>
    Task RenewPresenceAsync(PresenceLease[] leases);

    /// <summary>The topic's position, presence and hosting silo, for operators.</summary>
    Task<TopicStatus> GetStatusAsync();
}
