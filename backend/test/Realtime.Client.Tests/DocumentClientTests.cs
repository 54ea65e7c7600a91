using Realtime.Ot;
using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class DocumentClientTests
{
    private const int Editors = 5;
    private const int EditsPerEditor = 40;

    /// <summary>
    /// Five editors on real streams, each behind a proxy that the test cuts at random, type at random
    /// places with random pauses. Each editor inserts its own unique markers (non-BMP code points, so
    /// surrogate pairs are exercised) and deletes only filler, so every marker must survive exactly once.
    /// </summary>
    [Fact]
    public async Task Random_concurrent_edits_with_disconnects_converge_and_keep_every_insert()
    {
        await using var server = await TestServer.StartAsync();
        var document = Ids.Unique("doc");
        var proxies = Enumerable.Range(0, Editors).Select(_ => new TcpProxy(server.Ports.Grpc)).ToArray();
        var clients = new DocumentClient[Editors];
        for (var i = 0; i < Editors; i++)
        {
            clients[i] = await TestClients.DocumentsAsync(proxies[i].Address, server.Token(Ids.Unique($"editor{i}")));
            ClientEvents.Drain(clients[i]);
            await clients[i].OpenAsync(document);
        }
        try
        {
            using var cutting = new CancellationTokenSource();
            var cutter = CutAtRandomAsync(proxies, cutting.Token);
            await Task.WhenAll(Enumerable.Range(0, Editors).Select(i => EditAtRandomAsync(clients[i], document, i)));
            await cutting.CancelAsync();
            await cutter;

            var latest = await Eventually.ValueAsync(async () =>
            {
                var stored = await clients[0].GetDocumentAsync(document);
                return clients.All(c => c.IsSynced(document) && c.Revision(document) == stored.Snapshot.Revision) ? stored : null;
            }, "every editor synced at the server's revision");

            Assert.All(clients, c => Assert.Equal(latest.Snapshot.Content, c.Text(document)));
            var markers = latest.Snapshot.Content.EnumerateRunes().Where(r => r.Value >= MarkerBase).Select(r => r.Value).ToList();
            Assert.Equal(Editors * EditsPerEditor, markers.Count);
            Assert.Equal(markers.Count, markers.Distinct().Count());
            Assert.True(clients.Sum(c => c.Connections) > Editors, "the proxies cut at least one connection");
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
            foreach (var proxy in proxies)
            {
                await proxy.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_refused_token_fails_connect_with_Unauthenticated()
    {
        await using var server = await TestServer.StartAsync();

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => TestClients.DocumentsAsync(server.GrpcAddress, "not-a-token"));

        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, error.StatusCode);
    }

    private const int MarkerBase = 0x20000;

    private static async Task EditAtRandomAsync(DocumentClient client, string document, int editor)
    {
        var random = new Random(editor * 7919);
        for (var i = 0; i < EditsPerEditor; i++)
        {
            var marker = char.ConvertFromUtf32(MarkerBase + (editor * 1000) + i);
            var filler = random.Next(2) == 0 ? "." : "😀";
            await client.EditAsync(document, text =>
            {
                var length = CodePoints.Count(text);
                return TextOperation.InsertAt(length, random.Next(length + 1), random.Next(2) == 0 ? marker + filler : filler + marker);
            });
            if (random.Next(3) == 0)
            {
                await client.EditAsync(document, text => FillerPosition(text, random) is { } position
                    ? TextOperation.DeleteRange(CodePoints.Count(text), position, position + 1)
                    : TextOperation.Identity(CodePoints.Count(text)));
            }
            await Task.Delay(random.Next(5, 40));
        }
    }

    /// <summary>A random code point position holding filler (never a marker), if any.</summary>
    private static int? FillerPosition(string text, Random random)
    {
        var fillers = text.EnumerateRunes().Select((rune, index) => (rune, index)).Where(p => p.rune.Value < MarkerBase).Select(p => p.index).ToList();
        return fillers.Count == 0 ? null : fillers[random.Next(fillers.Count)];
    }

    private static async Task CutAtRandomAsync(TcpProxy[] proxies, CancellationToken cancellationToken)
    {
        var random = new Random(42);
        try
        {
            while (true)
            {
                await Task.Delay(random.Next(150, 400), cancellationToken);
                proxies[random.Next(proxies.Length)].DropAll();
            }
        }
        catch (OperationCanceledException)
        {
            // Editing is over.
        }
    }
}
