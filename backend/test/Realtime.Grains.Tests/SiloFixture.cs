using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Realtime.Grains.Chat;
using Realtime.Grains.Documents;
using Realtime.Grains.Log;
using Realtime.Streaming;

namespace Realtime.Grains.Tests;

/// <summary>A real single-silo Orleans host with the chat and document grains, small limits, and the in-process bus.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private IHost _host = null!;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Chat:HistoryMaxCount"] = "10",
            ["Chat:IdempotencyWindow"] = "5",
            ["Documents:RetainedEdits"] = "5",
            ["Documents:SnapshotEvery"] = "3",
            ["Documents:IdempotencyWindow"] = "10",
            ["Documents:MaxDocumentLength"] = "100",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), 0)
            .AddMemoryGrainStorage(GrainStorage.Name));
        builder.Services.AddStreaming().AddInMemoryEventLog().AddChatGrains().AddDocumentGrains();
        _host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _host.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
