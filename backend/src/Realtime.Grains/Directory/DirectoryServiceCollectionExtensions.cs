using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Realtime.Grains.Chat;
using Realtime.Grains.Documents;
using Realtime.Grains.Games;

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

    /// <summary>What every kind of topic shares besides its index: listings, the join-creation gate, and when an idle one is deactivated.</summary>
    private static IServiceCollection AddTopicDirectory(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<TopicOptions>().BindConfiguration(TopicOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<TopicListings>();
        services.TryAddSingleton<JoinCreationGate>();
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<TopicOptions>>((collection, topics) =>
        {
            foreach (var grain in new[] { typeof(ChatRoomGrain), typeof(DocumentGrain), typeof(GameSessionGrain) })
            {
                collection.ClassSpecificCollectionAge[grain.FullName!] = topics.Value.IdleDeactivationAfter;
            }
        });
        return services;
    }
}
