using Realtime.Grains;
using Realtime.Grains.Chat;
using Realtime.Grains.Collab;
using Realtime.Grains.Game;
using Realtime.Grains.Log;
using Realtime.Streaming;

namespace Realtime.Server.Hosting;

public static class SiloSetup
{
    /// <summary>The embedded default: one silo with localhost clustering, in-memory storage and the in-process bus.</summary>
    public static WebApplicationBuilder AddEmbeddedSilo(this WebApplicationBuilder builder)
    {
        var silo = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        builder.UseOrleans(orleans => orleans
            .UseLocalhostClustering(silo.Port, silo.GatewayPort)
            .AddMemoryGrainStorage(GrainStorage.Name));
        builder.Services.AddStreaming();
        builder.Services.AddInMemoryEventLog();
        builder.Services.AddChatGrains();
        builder.Services.AddCollabGrains();
        builder.Services.AddGameGrains();
        return builder;
    }
}
