using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Realtime.Grains.Log;

public static class EventLogServiceCollectionExtensions
{
    /// <summary>The embedded-mode log, in this process's memory, unless a log is registered already.</summary>
    public static IServiceCollection AddInMemoryEventLog(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventLog, InMemoryEventLog>();
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
