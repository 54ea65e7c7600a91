using Realtime.Streaming.Grpc.Limits;

namespace Realtime.Server.Limits;

public static class LimitsServiceCollectionExtensions
{
    public static IServiceCollection AddLimits(this IServiceCollection services)
    {
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<StreamAdmission>();
        services.AddSingleton<UnaryRateLimitInterceptor>();
        return services;
    }
}
