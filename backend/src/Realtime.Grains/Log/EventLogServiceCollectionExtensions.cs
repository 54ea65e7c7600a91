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
}
