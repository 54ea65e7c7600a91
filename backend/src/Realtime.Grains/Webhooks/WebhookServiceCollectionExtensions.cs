using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Realtime.Grains.Webhooks;

public static class WebhookServiceCollectionExtensions
{
    /// <summary>What topic grains need to tell endpoints about stored events (AddChatGrains calls it).</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookEndpoints>();
        services.TryAddSingleton<TopicWebhooks>();
        return services;
    }
}
