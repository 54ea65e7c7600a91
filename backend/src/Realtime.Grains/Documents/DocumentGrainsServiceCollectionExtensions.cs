using Microsoft.Extensions.DependencyInjection;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Streaming;

namespace Realtime.Grains.Documents;

public static class DocumentGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddDocumentGrains(this IServiceCollection services)
    {
        services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddTopicKind(new TopicKind(Topics.DocumentKind, (grains, documentId) => grains.GetGrain<IDocumentGrain>(documentId)));
        return services;
    }
}
