namespace Realtime.Server.Games;

public static class GameServiceCollectionExtensions
{
    public static IServiceCollection AddGames(this IServiceCollection services)
    {
        services.AddSingleton<GameValidator>();
        services.AddSingleton<GameConnectionServices>();
        services.AddSingleton<GameEventFrames>();
        services.AddSingleton<GameQueries>();
        return services;
    }
}
