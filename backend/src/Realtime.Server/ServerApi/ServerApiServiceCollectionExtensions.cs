using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi.Models;

namespace Realtime.Server.ServerApi;

public static class ServerApiServiceCollectionExtensions
{
    /// <summary>The name of the server API's OpenAPI document, served at /openapi/server-api.json.</summary>
    private const string OpenApiDocument = "server-api";

    /// <summary>The keys, scopes, limits and document of the server API; JSON transcoding itself is set up with gRPC (Hosting/GrpcSetup).</summary>
    public static IServiceCollection AddServerApi(this IServiceCollection services)
    {
        services.AddOptions<ServerApiOptions>().BindConfiguration(ServerApiOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerApiOptions>, ServerApiOptionsValidator>();
        services.AddSingleton<ServerApiKeys>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(authorization =>
        {
            foreach (var scope in ServerScopes.All)
            {
                authorization.AddPolicy(scope, policy => policy
                    .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                    .RequireClaim(ServerScopes.Claim, scope));
            }
        });
        services.AddSingleton<ServerApiValidator>();
        services.AddSingleton<ServerPublisher>();
        services.AddSingleton<ServerDocuments>();
        services.AddSingleton<ServerGames>();
        services.AddSingleton<ServerTopicReads>();
        services.AddSingleton<ServerWebhooks>();
        services.AddHostedService<WebhookRegistryRefresh>();
        services.AddSingleton<ServerRemovals>();
        services.AddSingleton<ServerApiCallInterceptor>();
        services.Configure<GrpcServiceOptions<ServerApiGrpcService>>(grpc => grpc.Interceptors.Add<ServerApiCallInterceptor>());
        services.AddSwaggerGen(swagger => swagger.SwaggerDoc(OpenApiDocument, new OpenApiInfo
        {
            Title = "Realtime server API",
            Version = "v1",
            Description = "For application backends: authorization: ApiKey KEY_ID.SECRET (see the README).",
        }));
        return services;
    }

    public static WebApplication MapServerApi(this WebApplication app)
    {
        app.MapGrpcService<ServerApiGrpcService>();
        app.UseSwagger(swagger => swagger.RouteTemplate = "openapi/{documentName}.json");
        return app;
    }
}
