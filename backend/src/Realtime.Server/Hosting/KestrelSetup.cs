using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Realtime.Server.Hosting;

public static class KestrelSetup
{
    /// <summary>
    /// Two cleartext endpoints: HTTP/2 only for native gRPC (with Http1AndHttp2 and no TLS Kestrel
    /// would speak only HTTP/1.1 there), and HTTP/1.1 for browsers (gRPC-Web; cleartext HTTP/2 there
    /// would need TLS to negotiate); and, when configured, one TLS endpoint that serves both by ALPN.
    /// </summary>
    public static WebApplicationBuilder AddRealtimeKestrel(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ListeningPorts>();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>, ListeningPorts>((kestrel, server, ports) =>
        {
            var address = IPAddress.Parse(server.Value.BindAddress);
            ListenOptions? grpc = null;
            ListenOptions? web = null;
            kestrel.Listen(address, server.Value.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                grpc = listen;
            });
            kestrel.Listen(address, server.Value.WebPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                web = listen;
            });
            ports.Remember(grpc!, web!);
            if (server.Value.Tls.Enabled)
            {
                TlsEndpoint.Listen(kestrel, address, server.Value.Tls);
            }
        });
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<ServerOptions>>((host, server) =>
            host.ShutdownTimeout = server.Value.ShutdownDrainTimeout + TimeSpan.FromSeconds(5));
        return builder;
    }
}
