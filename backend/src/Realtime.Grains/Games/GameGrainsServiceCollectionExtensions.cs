using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Games;
using Realtime.Grains.Games.Arena;
using Realtime.Streaming;

namespace Realtime.Grains.Games;

public static class GameGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddGameGrains(this IServiceCollection services)
    {
        services.AddOptions<GameOptions>().BindConfiguration(GameOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ArenaOptions>().BindConfiguration($"{GameOptions.SectionName}:Arena").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IGameRules, ArenaRules>();
        services.AddTopicKind(new TopicKind(Topics.GameKind, (grains, gameId) => grains.GetGrain<IGameSessionGrain>(gameId)));
        return services;
    }
}
