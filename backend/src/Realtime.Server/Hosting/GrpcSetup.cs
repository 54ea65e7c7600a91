using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
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
using Realtime.Server.ServerApi;
using Realtime.Server.Sessions;
using Realtime.Server.Telemetry;
using Realtime.Streaming.Grpc.Streams;

namespace Realtime.Server.Hosting;

public static class GrpcSetup
{
    public static IServiceCollection AddRealtimeGrpc(this IServiceCollection services)
    {
        var grpcServer = services.AddGrpc(grpc =>
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
        // JSON over HTTP for the methods with google.api.http paths (the server API), and their OpenAPI document. An error's
        // details (field violations, when to retry) are packed as Any: JSON needs their types to write them.
        grpcServer.AddJsonTranscoding(json => json.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor, RetryInfo.Descriptor));
        services.AddGrpcSwagger();
        // Every service is bound with request deserializers that answer undecodable messages with InvalidArgument
        // and response serializers that copy the bytes of frames already encoded: grpc-dotnet's own binder goes
        // (registered again by each AddGrpc, so this comes after all of them), JSON transcoding's stays.
        var transcoding = services.Where(service => service.ServiceType == typeof(IServiceMethodProvider<>)
            && service.ImplementationType?.Assembly == typeof(GrpcJsonTranscodingOptions).Assembly).ToArray();
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(WireServiceMethodProvider<>));
        foreach (var provider in transcoding)
        {
            services.Add(provider);
        }
        services.AddSingleton<StreamRegistry>();
        services.AddSingleton(provider => new StreamLifetime(
            provider.GetRequiredService<IOptions<ServerOptions>>().Value.ShutdownDrainTimeout,
            provider.GetRequiredService<IOptions<AuthOptions>>().Value.StreamExpiryGrace));
        services.AddSingleton<StreamRunner>();
        services.AddSingleton<BidiStreamRunner>();
        services.AddHostedService<GracefulShutdown>();
        return services;
    }

    /// <summary>Every service but health and reflection requires a token; AdminService the admin role too; ServerApi an API key instead (see ServerApi/).</summary>
    public static WebApplication MapRealtimeGrpc(this WebApplication app)
    {
        app.MapGrpcService<ChatGrpcService>();
        app.MapGrpcService<AccessGrpcService>();
        app.MapGrpcService<AttachmentGrpcService>();
        app.MapGrpcService<DocumentGrpcService>();
        app.MapGrpcService<GameGrpcService>();
        app.MapGrpcService<SessionGrpcService>();
        app.MapGrpcService<AdminGrpcService>();
        app.MapServerApi();
        app.MapGrpcReflectionService();
        return app;
    }
}
