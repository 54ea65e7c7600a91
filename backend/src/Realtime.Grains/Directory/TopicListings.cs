using Microsoft.Extensions.Logging;
using Orleans.Serialization;

namespace Realtime.Grains.Directory;

/// <summary>
/// The topic index typed: a listing is the topic's info (ChatRoomInfo, DocumentInfo, GameInfo) as its
/// grain last wrote it, in Orleans' version-tolerant binary form, so lists can check each caller's
/// role in it without asking the grain.
/// </summary>
public sealed partial class TopicListings(ITopicIndex index, Serializer serializer, ILogger<TopicListings> logger)
{
    /// <summary>
    /// Writes a topic's listing, best effort: the change it shows has already happened, so a failure
    /// (the index's Redis unreachable) must not fail it; the grain writes its listing again at its next
    /// change and on every activation.
    /// </summary>
    public async Task TryPutAsync<TInfo>(string kind, string id, TInfo info)
    {
        try
        {
            await index.PutAsync(kind, id, serializer.SerializeToArray(info), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogPutFailed(logger, ex, kind, id);
        }
    }

    public async ValueTask<TInfo[]> ListAsync<TInfo>(string kind, string afterId, int maxCount, CancellationToken cancellationToken)
    {
        var page = await index.ListAsync(kind, afterId, maxCount, cancellationToken);
        return [.. page.Select(topic => serializer.Deserialize<TInfo>(topic.Listing) ?? throw new InvalidDataException($"The listing of {kind}/{topic.Id} is empty."))];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The listing of {Kind}/{Id} was not written; lists show its previous one until its next change or activation")]
    private static partial void LogPutFailed(ILogger logger, Exception exception, string kind, string id);
}
