using Microsoft.Extensions.Options;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Access.Callouts;

public static class JoinCalloutServiceCollectionExtensions
{
    public static IServiceCollection AddJoinCallouts(this IServiceCollection services)
    {
        services.AddOptions<JoinCalloutOptions>().BindConfiguration(JoinCalloutOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JoinCalloutOptions>, JoinCalloutOptionsValidator>();
        services.AddSingleton<JoinCalloutClient>();
        services.AddSingleton<IJoinAdmission, JoinCallouts>();
        return services;
    }
}
