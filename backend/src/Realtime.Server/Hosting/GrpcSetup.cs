using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Realtime.Server.Access;
using Realtime.Server.Admin;
using Realtime.Server.Attachments;
using Realtime.Server.Auth;
using Realtime.Server.Chat;
using Realtime.Server.Documents;
using Realtime.Server.Errors;
using Realtime.Server.Games;
using Realtime.Server.Limits;
using Realtime.Server.Sessions;
using Realtime.Server.Telemetry;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Hosting;

public static class GrpcSetup
{
    public static IServiceCollection AddRealtimeGrpc(this IServiceCollection services)
    {
        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<CallTelemetryInterceptor>();
            grpc.Interceptors.Add<UnaryRateLimitInterceptor>();
            grpc.Interceptors.Add<ErrorMappingInterceptor>();
        });
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>().Configure<IOptions<ServerOptions>>((grpc, server) =>
        {
            grpc.MaxReceiveMessageSize = server.Value.MaxReceiveMessageBytes;
            grpc.EnableDetailedErrors = false;
        });
        services.AddGrpcReflection();
        // Every service is bound with request deserializers that answer undecodable messages with InvalidArgument
        // and response serializers that copy the bytes of frames already encoded.
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(WireServiceMethodProvider<>));
        services.AddSingleton<StreamRegistry>();
        services.AddSingleton(provider => new StreamLifetime(
            provider.GetRequiredService<IOptions<ServerOptions>>().Value.ShutdownDrainTimeout,
            provider.GetRequiredService<IOptions<AuthOptions>>().Value.StreamExpiryGrace));
        services.AddSingleton<StreamRunner>();
        services.AddSingleton<BidiStreamRunner>();
        services.AddHostedService<GracefulShutdown>();
        return services;
    }

    /// <summary>Every service but health and reflection requires a token; AdminService the admin role too.</summary>
    public static WebApplication MapRealtimeGrpc(this WebApplication app)
    {
        app.MapGrpcService<ChatGrpcService>();
        app.MapGrpcService<AccessGrpcService>();
        app.MapGrpcService<AttachmentGrpcService>();
        app.MapGrpcService<DocumentGrpcService>();
        app.MapGrpcService<GameGrpcService>();
        app.MapGrpcService<SessionGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcReflectionService();
        return app;
    }
}
