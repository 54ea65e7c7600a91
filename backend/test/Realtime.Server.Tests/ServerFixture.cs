using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>One server shared by the tests of the "server" collection; each test uses its own rooms and users.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await TestServer.StartAsync(new Dictionary<string, string?>
    {
        // Small queues so that catch-up paths run in ordinary tests too.
        ["Streaming:OutboxCapacity"] = "32",
        ["Streaming:CatchUpPageSize"] = "16",
        ["Chat:PresenceBatchInterval"] = "00:00:00.050",
        // Some tests send thousands of commands on one stream as fast as they can; LimitsTests cover the limit.
        ["Limits:CommandsPerSecond"] = "100000",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
