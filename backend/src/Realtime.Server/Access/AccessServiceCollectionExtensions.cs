using Realtime.Server.Access.Callouts;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Access;

public static class AccessServiceCollectionExtensions
{
    public static IServiceCollection AddAccess(this IServiceCollection services)
    {
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AccessPolicies>();
        services.AddSingleton<AccessRevocations>();
        services.AddSingleton<ConnectionDirectory>();
        services.AddJoinCallouts();
        return services;
    }
}
