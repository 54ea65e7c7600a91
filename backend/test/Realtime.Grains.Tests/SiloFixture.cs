using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;
using Realtime.Grains.Chat;
using Realtime.Grains.Directory;
using Realtime.Grains.Documents;
using Realtime.Grains.Games;
using Realtime.Grains.Log;
using Realtime.Streaming;

namespace Realtime.Grains.Tests;

/// <summary>
/// A one-silo Orleans test cluster (Orleans.TestingHost, in process) with the chat, document and game grains,
/// small limits and the in-process bus; tests call the grains through the cluster's client.
/// </summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public IGrainFactory Grains => _cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Chat:HistoryMaxCount"] = "10",
                ["Chat:IdempotencyWindow"] = "5",
                ["Documents:RetainedEdits"] = "5",
                ["Documents:SnapshotEvery"] = "3",
                ["Documents:IdempotencyWindow"] = "10",
                ["Documents:MaxDocumentLength"] = "100",
                // A game ends on its first tick: every player touches an item and one point wins.
                ["Game:Arena:PickupRadius"] = "100",
                ["Game:Arena:ScoreLimit"] = "1",
            });
            host.Services.AddStreaming().AddInMemoryEventLog().AddInMemoryTopicDirectory().AddChatGrains().AddDocumentGrains().AddGameGrains();
        });
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage(GrainStorage.Name));
        _cluster = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _cluster.DeployAsync().WaitAsync(timeout.Token);
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();
}
