namespace Realtime.Server.Admin;

public static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddSingleton<SiloAgent>();
        services.AddSingleton<ClusterOverview>();
        services.AddSingleton<TopicInspector>();
        services.AddSingleton<WebhookOperations>();
        return services;
    }
}
