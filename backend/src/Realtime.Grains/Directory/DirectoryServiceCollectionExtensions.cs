using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Realtime.Grains.Directory;

public static class DirectoryServiceCollectionExtensions
{
    /// <summary>The embedded-mode topic index, in this process's memory, unless an index is registered already.</summary>
    public static IServiceCollection AddInMemoryTopicDirectory(this IServiceCollection services)
    {
        services.TryAddSingleton<ITopicIndex, InMemoryTopicIndex>();
        return services.AddTopicDirectory();
    }

    /// <summary>The cluster-mode topic index in Redis (needs an IConnectionMultiplexer and RedisKeys registered).</summary>
    public static IServiceCollection AddRedisTopicDirectory(this IServiceCollection services)
    {
        services.AddSingleton<ITopicIndex, RedisTopicIndex>();
        return services.AddTopicDirectory();
    }

    private static IServiceCollection AddTopicDirectory(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TopicCreationOptions>().BindConfiguration(TopicCreationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TopicListings>();
        services.TryAddSingleton<JoinCreationGate>();
        return services;
    }
}
