using Grpc.Core;
using Grpc.Net.Client;

namespace Realtime.Client;

internal static class RealtimeChannels
{
    /// <summary>A channel that opens more HTTP/2 connections past the server's 100-streams limit and notices dead ones.</summary>
    public static GrpcChannel Create(RealtimeClientOptions options) => GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions
    {
        HttpHandler = options.HttpHandler ?? new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        },
    });

    public static async Task<CallOptions> CallOptionsAsync(RealtimeClientOptions options, CancellationToken cancellationToken) =>
        new(new Metadata { { "authorization", $"Bearer {await options.TokenProvider(cancellationToken)}" } }, cancellationToken: cancellationToken);
}
