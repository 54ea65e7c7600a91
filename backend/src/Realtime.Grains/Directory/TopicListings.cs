using Orleans.Serialization;

namespace Realtime.Grains.Directory;

/// <summary>
/// The topic index typed: a listing is the topic's info (ChatRoomInfo, DocumentInfo, GameInfo) as its
/// grain last wrote it, in Orleans' version-tolerant binary form, so lists can check each caller's
/// role in it without asking the grain.
/// </summary>
public sealed class TopicListings(ITopicIndex index, Serializer serializer)
{
    public ValueTask PutAsync<TInfo>(string kind, string id, TInfo info) =>
        index.PutAsync(kind, id, serializer.SerializeToArray(info), CancellationToken.None);

    public async ValueTask<TInfo[]> ListAsync<TInfo>(string kind, string afterId, int maxCount, CancellationToken cancellationToken)
    {
        var page = await index.ListAsync(kind, afterId, maxCount, cancellationToken);
        return [.. page.Select(topic => serializer.Deserialize<TInfo>(topic.Listing) ?? throw new InvalidDataException($"The listing of {kind}/{topic.Id} is empty."))];
    }
}
