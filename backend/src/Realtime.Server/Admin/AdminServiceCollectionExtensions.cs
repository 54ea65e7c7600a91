namespace Realtime.Server.Admin;

public static class AdminServiceCollectionExtensions
{
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SiloAgent>();
        services.AddHostedService<SiloControlRegistration>();
        services.AddSingleton<SiloControls>();
        services.AddSingleton<ClusterOverview>();
        services.AddSingleton<TopicInspector>();
        return services;
    }
}
