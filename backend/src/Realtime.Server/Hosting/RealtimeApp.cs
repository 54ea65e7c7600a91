using Realtime.Server.Access;
using Realtime.Server.Admin;
using Realtime.Server.Attachments;
using Realtime.Server.Auth;
using Realtime.Server.Chat;
using Realtime.Server.Cluster;
using Realtime.Server.Documents;
using Realtime.Server.Errors;
using Realtime.Server.Games;
using Realtime.Server.Health;
using Realtime.Server.Limits;
using Realtime.Server.Queries;
using Realtime.Server.ServerApi;
using Realtime.Server.Sessions;
using Realtime.Server.Telemetry;

namespace Realtime.Server.Hosting;

/// <summary>Composes the server: Kestrel, the silo, auth, gRPC, and the endpoints.</summary>
public static class RealtimeApp
{
    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="configure">Lets tests add configuration before services are composed.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddRealtimeKestrel();
        builder.AddSilo();
        builder.AddRealtimeTelemetry();
        builder.Services.AddRealtimeAuth();
        builder.Services.AddRealtimeGrpc();
        builder.Services.AddRealtimeHealth();
        builder.Services.AddLimits();
        builder.Services.AddAccess();
        builder.Services.AddSingleton<TopicPages>();
        builder.Services.AddChat();
        builder.Services.AddAttachments();
        builder.Services.AddDocuments();
        builder.Services.AddGames();
        builder.Services.AddSessions();
        builder.Services.AddSiloRegistry();
        builder.Services.AddAdmin();
        builder.Services.AddServerApi();
        builder.Services.AddWebClient();

        var app = builder.Build();
        app.UseWebClient();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseMiddleware<MessageLengthGuard>();
        app.MapRealtimeGrpc();
        app.MapDevelopmentTokens();
        app.MapRealtimeTelemetry();
        app.MapRealtimeHealth();
        app.ReportListeningPorts();
        return app;
    }
}
