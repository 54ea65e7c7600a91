using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Realtime.Testing;

/// <summary>A small real HTTP endpoint for tests to be called by the server: Kestrel on a free loopback port.</summary>
public static class LoopbackApp
{
    /// <summary>Builds the app, lets <paramref name="map"/> add its routes, and starts it.</summary>
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>The app's address and <paramref name="path"/>.</summary>
    public static Uri Url(WebApplication app, string path) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + path);
}
