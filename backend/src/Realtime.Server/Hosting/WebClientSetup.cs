using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Realtime.Server.Hosting;

/// <summary>Serves the built browser app from the server, and lets the Vite dev server's pages call it (CORS).</summary>
public static partial class WebClientSetup
{
    private const string NotBuiltPage = """
        <!doctype html><meta charset="utf-8"><title>Realtime</title>
        <body style="font-family:system-ui;max-width:40em;margin:4em auto">
        <h1>Realtime is running</h1>
        <p>The browser app is not built yet. From the repository root:</p>
        <pre>npm --prefix web-client ci
        npm --prefix web-client run build</pre>
        <p>then reload this page (no restart needed). gRPC clients can connect already.</p>
        """;

    public static IServiceCollection AddWebClient(this IServiceCollection services)
    {
        services.AddOptions<WebClientOptions>().BindConfiguration(WebClientOptions.SectionName);
        services.AddCors();
        return services;
    }

    /// <summary>Before the gRPC-Web middleware: CORS for gRPC-Web and the token endpoint, then the app's files.</summary>
    public static WebApplication UseWebClient(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebClientOptions>>().Value;
        app.UseCors(cors => cors
            .WithOrigins(options.AllowedOrigins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Grpc-Status", "Grpc-Message", "Grpc-Encoding", "Grpc-Accept-Encoding"));
        var folder = Folder(options, app.Environment.ContentRootPath);
        var files = new PhysicalFileProvider(folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Hashed asset names change with their content; the page itself must always be fresh.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable",
        });
        app.MapGet("/", () => Results.Content(NotBuiltPage, "text/html; charset=utf-8"));
        var built = File.Exists(System.IO.Path.Combine(folder, "index.html"));
        LogServing(app.Logger, folder, built);
        return app;
    }

    /// <summary>The configured folder, or web-client/dist above the content root; created empty if absent so a later build is picked up.</summary>
    private static string Folder(WebClientOptions options, string contentRoot)
    {
        if (options.Path.Length > 0)
        {
            return Directory.CreateDirectory(System.IO.Path.GetFullPath(options.Path, contentRoot)).FullName;
        }
        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(directory.FullName, "web-client")))
            {
                return Directory.CreateDirectory(System.IO.Path.Combine(directory.FullName, "web-client", "dist")).FullName;
            }
        }
        return Directory.CreateDirectory(System.IO.Path.Combine(contentRoot, "wwwroot")).FullName;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Web app from {Folder} (built: {Built})")]
    private static partial void LogServing(ILogger logger, string folder, bool built);
}
