namespace Realtime.Server.Chat;

public static class ChatServiceCollectionExtensions
{
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.AddSingleton<ChatValidator>();
        services.AddSingleton<ChatConnectionServices>();
        services.AddSingleton<ChatEventFrames>();
        services.AddSingleton<ChatQueries>();
        return services;
    }
}
