using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Realtime.Grains.Log;

public static class EventLogServiceCollectionExtensions
{
    /// <summary>The embedded-mode, in-memory event log.</summary>
    public static IServiceCollection AddInMemoryEventLog(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IEventLog, InMemoryEventLog>();
        return services;
    }

    /// <summary>The cluster-mode log in Redis (needs an IConnectionMultiplexer registered).</summary>
    public static IServiceCollection AddRedisEventLog(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IEventLog, RedisEventLog>();
        return services;
    }
}
