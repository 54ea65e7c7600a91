using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Realtime.Streaming.Bus;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Resilience;

namespace Realtime.Streaming;

public static class StreamingServiceCollectionExtensions
{
    /// <summary>The streaming core with the in-process bus (embedded mode).</summary>
    public static IServiceCollection AddStreaming(this IServiceCollection services)
    {
        services.AddOptions<StreamingOptions>().BindConfiguration(StreamingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IEventBus, InProcessEventBus>();
        services.AddSingleton<TopicGrainResolver>();
        services.AddSingleton<FanoutHub>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ResilientLoops>();
        services.AddHostedService<PresenceLeaseRenewer>();
        return services;
    }

    /// <summary>Registers how topics of <paramref name="kind.Kind"/> resolve to their owning grain.</summary>
    public static IServiceCollection AddTopicKind(this IServiceCollection services, TopicKind kind) => services.AddSingleton(kind);
}
