using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Webhooks;
using Realtime.Streaming;

namespace Realtime.Grains.Chat;

public static class ChatGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddChatGrains(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddTopicKind(new TopicKind(Topics.ChatKind, (grains, roomId) => grains.GetGrain<IChatRoomGrain>(roomId)));
        services.AddWebhooks();
        return services;
    }

    /// <summary>Adds a deployment's rule for sends and edits in every room (see <see cref="IChatCommandFilter"/>); filters run in the order added.</summary>
    public static IServiceCollection AddChatCommandFilter<TFilter>(this IServiceCollection services) where TFilter : class, IChatCommandFilter =>
        services.AddSingleton<IChatCommandFilter, TFilter>();
}
