using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Realtime.Streaming.Redis;
using StackExchange.Redis;

namespace Realtime.Server.Attachments;

public static class AttachmentServiceCollectionExtensions
{
    public static IServiceCollection AddAttachments(this IServiceCollection services)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAttachmentStore>(provider =>
        {
            // A dedicated Redis if configured, else the cluster's (any silo serves any file), else the data folder.
            var options = provider.GetRequiredService<IOptions<AttachmentOptions>>();
            var keys = provider.GetService<RedisKeys>() ?? new RedisKeys(RedisKeys.DefaultPrefix);
            if (options.Value.RedisConnectionString.Length > 0)
            {
                return new RedisAttachmentStore(ConnectionMultiplexer.Connect(options.Value.RedisConnectionString), keys, options);
            }
            return provider.GetService<IConnectionMultiplexer>() is { } cluster
                ? new RedisAttachmentStore(cluster, keys, options)
                : new FileAttachmentStore(options);
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
