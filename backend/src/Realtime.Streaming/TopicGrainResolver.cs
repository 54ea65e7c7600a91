using Realtime.Grains.Abstractions;

namespace Realtime.Streaming;

/// <summary>Finds the grain that owns a topic, by the topic's kind ("chat/…" → a chat room grain).</summary>
public sealed class TopicGrainResolver(IGrainFactory grainFactory, IEnumerable<TopicKind> kinds)
{
    private readonly Dictionary<string, Func<IGrainFactory, string, ITopicGrain>> _resolvers =
        kinds.ToDictionary(k => k.Kind, k => k.Resolve, StringComparer.Ordinal);

    public ITopicGrain Resolve(string topic)
    {
        var (kind, key) = Topics.Parse(topic);
        return _resolvers.TryGetValue(kind, out var resolve)
            ? resolve(grainFactory, key)
            : throw new InvalidOperationException($"No topic kind '{kind}' is registered.");
    }
}
