namespace Realtime.Server.Sessions;

public static class SessionServiceCollectionExtensions
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<SessionStreamFrames>();
        services.AddSingleton<SessionCommandTable>();
        services.AddSingleton<SessionCommands>();
        services.AddSingleton<SessionHost>();
        return services;
    }
}
