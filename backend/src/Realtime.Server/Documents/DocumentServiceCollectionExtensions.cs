namespace Realtime.Server.Documents;

public static class DocumentServiceCollectionExtensions
{
    public static IServiceCollection AddDocuments(this IServiceCollection services)
    {
        services.AddSingleton<DocumentValidator>();
        services.AddSingleton<DocumentConnectionServices>();
        services.AddSingleton<DocumentEventFrames>();
        services.AddSingleton<DocumentQueries>();
        return services;
    }
}
