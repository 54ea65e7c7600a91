namespace Realtime.Server.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>The silo registry: how this silo is found, and how it finds the others.</summary>
    public static IServiceCollection AddSiloRegistry(this IServiceCollection services)
    {
        services.AddOptions<SiloRegistryOptions>().BindConfiguration(SiloRegistryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SiloDirectory>();
        services.AddHostedService<SiloRegistration>();
        return services;
    }
}
