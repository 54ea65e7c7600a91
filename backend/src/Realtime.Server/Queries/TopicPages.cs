using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Directory;
using Realtime.Grains.Log;

namespace Realtime.Server.Queries;

/// <summary>
/// Pages of a kind's topics for list calls, read from the topic index (no grain is activated) in id
/// order, keeping those the caller may read. A listing is as its grain last wrote it; the position
/// moves with every event, so each listed topic's last offset is read from its log, which is exact.
/// </summary>
public sealed class TopicPages(TopicListings listings, IEventLog log)
{
    public async Task<ListedPage<TInfo>> ReadAsync<TInfo>(string kind, int pageSize, string pageToken, Caller caller, CancellationToken cancellationToken)
        where TInfo : ITopicInfo
    {
        var listed = await listings.ListAsync<TInfo>(kind, PageTokens.IdAfter(pageToken), pageSize + 1, cancellationToken);
        var page = listed.Take(pageSize).ToArray();
        var readable = page.Where(topic => topic.Access.RoleOf(caller) >= AccessRole.Reader).ToArray();
        var bounds = await Task.WhenAll(readable.Select(topic => log.GetBoundsAsync(Topics.Name(kind, topic.Id), cancellationToken).AsTask()));
        return new ListedPage<TInfo>(
            [.. readable.Select((topic, i) => new ListedTopic<TInfo>(topic, bounds[i].LastOffset))],
            listed.Length > pageSize ? PageTokens.ForId(page[^1].Id) : "");
    }
}

/// <param name="Topics">The readable topics of the page, in id order.</param>
/// <param name="NextPageToken">"" on the last page.</param>
public sealed record ListedPage<TInfo>(ListedTopic<TInfo>[] Topics, string NextPageToken);

public readonly record struct ListedTopic<TInfo>(TInfo Info, long LastOffset);
