using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Realtime.Client;

internal static class RealtimeChannels
{
    /// <summary>Calls safe to send again when a silo did not answer (Unavailable): reads, and writes with an idempotency key.</summary>
    private static readonly MethodName[] IdempotentMethods =
    [
        new() { Service = "realtime.chat.v1.ChatService", Method = "GetRoom" },
        new() { Service = "realtime.chat.v1.ChatService", Method = "ListRooms" },
        new() { Service = "realtime.chat.v1.ChatService", Method = "ListMessages" },
        new() { Service = "realtime.chat.v1.AttachmentService", Method = "GetUploadStatus" },
        new() { Service = "realtime.chat.v1.AttachmentService", Method = "DownloadAttachment" },
        new() { Service = "realtime.collab.v1.CollaborationService", Method = "GetDocument" },
        new() { Service = "realtime.collab.v1.CollaborationService", Method = "ListDocuments" },
        new() { Service = "realtime.collab.v1.CollaborationService", Method = "GetDocumentHistory" },
        new() { Service = "realtime.game.v1.GameService", Method = "GetGame" },
        new() { Service = "realtime.game.v1.GameService", Method = "ListGames" },
        new() { Service = "realtime.access.v1.AccessService", Method = "GetAccess" },
        // Every server-API call: reads, and writes that carry an idempotency key.
        new() { Service = "realtime.server.v1.ServerApiService" },
    ];

    /// <summary>
    /// A channel over one or several silos (round-robin, a silo that is down skipped), with retries of
    /// idempotent calls, keepalive pings that notice dead connections, and more HTTP/2 connections past
    /// the server's 100-streams limit.
    /// </summary>
    public static GrpcChannel Create(RealtimeClientOptions options) => Create(options.Address, options.AdditionalAddresses, options.HttpHandler);

    /// <inheritdoc cref="Create(RealtimeClientOptions)"/>
    /// <param name="address">A silo's gRPC address.</param>
    /// <param name="additionalAddresses">Further silos.</param>
    /// <param name="httpHandler">The transport when not the default sockets handler (tests, proxies).</param>
    public static GrpcChannel Create(Uri address, IReadOnlyList<Uri> additionalAddresses, HttpMessageHandler? httpHandler)
    {
        var retry = new MethodConfig
        {
            RetryPolicy = new RetryPolicy
            {
                MaxAttempts = 4,
                InitialBackoff = TimeSpan.FromMilliseconds(200),
                MaxBackoff = TimeSpan.FromSeconds(2),
                BackoffMultiplier = 2,
                RetryableStatusCodes = { StatusCode.Unavailable },
            },
        };
        foreach (var method in IdempotentMethods)
        {
            retry.Names.Add(method);
        }
        var channelOptions = new GrpcChannelOptions
        {
            HttpHandler = httpHandler ?? new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                KeepAlivePingDelay = TimeSpan.FromSeconds(20),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                ConnectTimeout = TimeSpan.FromSeconds(5),
            },
            ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() }, MethodConfigs = { retry } },
        };
        if (additionalAddresses.Count == 0)
        {
            return GrpcChannel.ForAddress(address, channelOptions);
        }
        // Several silos: a static resolver hands the balancer every address.
        Uri[] silos = [address, .. additionalAddresses];
        var services = new ServiceCollection();
        services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ => silos.Select(s => new BalancerAddress(s.Host, s.Port))));
        channelOptions.ServiceProvider = services.BuildServiceProvider();
        channelOptions.Credentials = address.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure;
        return GrpcChannel.ForAddress("static:///realtime", channelOptions);
    }

    /// <summary>A unary call's options: the current token and the default deadline.</summary>
    public static async Task<CallOptions> CallOptionsAsync(RealtimeClientOptions options, CancellationToken cancellationToken) =>
        CallOptions($"Bearer {await options.TokenProvider(cancellationToken)}", options.DefaultCallTimeout, cancellationToken);

    /// <summary>A unary call's options with <paramref name="authorization"/> as given and a deadline <paramref name="timeout"/> from now.</summary>
    public static CallOptions CallOptions(string authorization, TimeSpan timeout, CancellationToken cancellationToken) =>
        new(new Metadata { { "authorization", authorization } }, deadline: DateTime.UtcNow + timeout, cancellationToken: cancellationToken);
}
