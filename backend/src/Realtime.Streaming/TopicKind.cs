using Realtime.Grains.Abstractions;

namespace Realtime.Streaming;

/// <summary>Registers how topics of one kind map to their owning grain.</summary>
public sealed record TopicKind(string Kind, Func<IGrainFactory, string, ITopicGrain> Resolve);
