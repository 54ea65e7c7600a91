using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Realtime.Server.Attachments;

public static class AttachmentServiceCollectionExtensions
{
    public static IServiceCollection AddAttachments(this IServiceCollection services)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAttachmentStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<AttachmentOptions>>();
            return options.Value.RedisConnectionString.Length == 0
                ? new FileAttachmentStore(options)
                : new RedisAttachmentStore(ConnectionMultiplexer.Connect(options.Value.RedisConnectionString), options);
        });
        services.AddSingleton<AttachmentValidator>();
        services.AddSingleton<ActiveUploads>();
        services.AddSingleton(provider =>
        {
            var perMinute = provider.GetRequiredService<IOptions<AttachmentOptions>>().Value.UploadsPerUserPerMinute;
            return PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
        });
        services.AddHostedService<UploadExpiry>();
        return services;
    }
}
