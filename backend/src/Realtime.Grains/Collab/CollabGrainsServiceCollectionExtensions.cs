using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Collab;
using Realtime.Streaming;

namespace Realtime.Grains.Collab;

public static class CollabGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddCollabGrains(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddTopicKind(new TopicKind(Topics.DocumentKind, (grains, documentId) => grains.GetGrain<IDocumentGrain>(documentId)));
        return services;
    }
}
