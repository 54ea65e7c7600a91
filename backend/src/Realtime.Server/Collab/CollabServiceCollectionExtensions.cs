namespace Realtime.Server.Collab;

public static class CollabServiceCollectionExtensions
{
    public static IServiceCollection AddCollab(this IServiceCollection services)
    {
        services.AddSingleton<CollabValidator>();
        services.AddSingleton<CollabConnectionServices>();
        services.AddSingleton<CollabStreamFrames>();
        services.AddSingleton<CollabStreamHandler>();
        services.AddSingleton<CollabQueries>();
        return services;
    }
}
