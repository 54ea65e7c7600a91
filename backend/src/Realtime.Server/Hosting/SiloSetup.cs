using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Realtime.Grains;
using Realtime.Grains.Chat;
using Realtime.Grains.Directory;
using Realtime.Grains.Documents;
using Realtime.Grains.Faults;
using Realtime.Grains.Games;
using Realtime.Grains.Log;
using Realtime.Server.Health;
using Realtime.Server.Telemetry;
using Realtime.Streaming;
using Realtime.Streaming.Bus;
using Realtime.Streaming.Redis;
using StackExchange.Redis;

namespace Realtime.Server.Hosting;

public static class SiloSetup
{
    /// <summary>
    /// The silo: embedded (localhost clustering, in-memory storage and log, in-process bus) unless
    /// "Cluster:RedisConnectionString" is set, in which case Redis carries membership, grain storage,
    /// the event log and the bus, and identical instances form one cluster.
    /// </summary>
    public static WebApplicationBuilder AddSilo(this WebApplicationBuilder builder)
    {
        var silo = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        var cluster = builder.Configuration.GetSection(ClusterModeOptions.SectionName).Get<ClusterModeOptions>() ?? new ClusterModeOptions();
        var bind = (builder.Configuration.GetSection(ServerOptions.SectionName).Get<ServerOptions>() ?? new ServerOptions()).BindAddress;
        builder.Services.AddStreaming();
        builder.UseOrleans(orleans => orleans.Configure<GrainDirectoryOptions>(options => options.CacheSize = silo.DirectoryCacheSize));
        if (builder.Configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.Tracing == true)
        {
            // Grain calls carry the caller's trace and are spans of their own.
            builder.UseOrleans(orleans => orleans.AddActivityPropagation());
        }
        if (cluster.Enabled)
        {
            var redis = ConnectionMultiplexer.Connect(cluster.RedisConnectionString);
            builder.UseOrleans(orleans =>
            {
                orleans
                    .UseSiloTls(silo.Tls)
                    .AddIncomingGrainCallFilter<StorageOutageFilter>()
                    .UseRedisClustering(cluster.RedisConnectionString)
                    .AddRedisGrainStorage(GrainStorage.Name, options => options.ConfigurationOptions = ConfigurationOptions.Parse(cluster.RedisConnectionString))
                    .Configure<ClusterMembershipOptions>(options =>
                    {
                        // How fast a silo that died without a goodbye (kill -9) is declared dead, so its grains reactivate elsewhere.
                        options.ProbeTimeout = cluster.ProbeTimeout;
                        options.NumMissedProbesLimit = cluster.MissedProbesLimit;
                        options.NumVotesForDeathDeclaration = cluster.VotesForDeathDeclaration;
                    });
                if (cluster.KubernetesHosting)
                {
                    orleans.UseKubernetesHosting();
                }
                else
                {
                    orleans
                        .Configure<Orleans.Configuration.SiloOptions>(options => options.SiloName = SiloName(silo))
                        .Configure<ClusterOptions>(options =>
                        {
                            options.ClusterId = cluster.ClusterId;
                            options.ServiceId = cluster.ServiceId;
                        })
                        .Configure<EndpointOptions>(endpoints => ListenAndAdvertise(endpoints, silo, bind));
                }
            });
            builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
            builder.Services.AddSingleton(new RedisKeys(cluster.KeyPrefix, cluster.ShardedPubSub));
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
            builder.Services.Replace(ServiceDescriptor.Singleton<IEventBus, RedisEventBus>());
            builder.Services.AddRedisEventLog();
            builder.Services.AddRedisTopicDirectory();
        }
        else
        {
            builder.UseOrleans(orleans => orleans
                .Configure<Orleans.Configuration.SiloOptions>(options => options.SiloName = SiloName(silo))
                .UseLocalhostClustering(silo.Port, silo.GatewayPort)
                .AddMemoryGrainStorage(GrainStorage.Name));
            builder.Services.AddInMemoryEventLog();
            builder.Services.AddInMemoryTopicDirectory();
        }
        builder.Services.AddChatGrains();
        builder.Services.AddDocumentGrains();
        builder.Services.AddGameGrains();
        return builder;
    }

    private static string SiloName(SiloOptions silo) => silo.Name.Length > 0 ? silo.Name : $"{Dns.GetHostName()}:{silo.Port}";

    /// <summary>
    /// The silo (and gateway) ports listen on Server:BindAddress, like Kestrel's, and other silos are told
    /// Silo:AdvertisedAddress: behind NAT or in a container the two differ (bind 0.0.0.0, advertise the pod's IP).
    /// </summary>
    private static void ListenAndAdvertise(EndpointOptions endpoints, SiloOptions silo, string bindAddress)
    {
        var listen = IPAddress.TryParse(bindAddress, out var parsed) ? parsed : Dns.GetHostAddresses(bindAddress)[0];
        endpoints.AdvertisedIPAddress = AdvertisedAddress(silo.AdvertisedAddress);
        endpoints.SiloPort = silo.Port;
        endpoints.GatewayPort = silo.GatewayPort;
        endpoints.SiloListeningEndpoint = new IPEndPoint(listen, silo.Port);
        endpoints.GatewayListeningEndpoint = silo.GatewayPort > 0 ? new IPEndPoint(listen, silo.GatewayPort) : null;
    }

    private static IPAddress AdvertisedAddress(string configured) =>
        !string.Equals(configured, "auto", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Parse(configured)
            : Dns.GetHostAddresses(Dns.GetHostName()).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                ?? throw new InvalidOperationException("Silo:AdvertisedAddress is \"auto\" but the host has no non-loopback IPv4 address.");
}
