using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Realtime.Grains;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Grains.Documents;
using Realtime.Grains.Log;
using Realtime.Processes;
using Realtime.Streaming;

namespace Realtime.Benchmarks;

/// <summary>
/// Edits applied per second by one DocumentGrain on an in-process silo (embedded mode: in-memory log,
/// in-process bus with no subscribers): 10 callers each submit edits against the revision they last
/// saw, so most edits are transformed against the others' before they apply.
/// </summary>
public static class DocumentGrainBenchmark
{
    private const int Callers = 10;

    public static async Task<int> RunAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Documents:EditsPerSecondPerUser"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.UseOrleans(silo => silo.UseLocalhostClustering(ListeningProcess.FreeLoopbackPort(), 0).AddMemoryGrainStorage(GrainStorage.Name));
        builder.Services.AddStreaming().AddInMemoryEventLog().AddDocumentGrains();
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        await RunCallersAsync(grains.GetGrain<IDocumentGrain>("warm-up"), TimeSpan.FromSeconds(2));
        var document = grains.GetGrain<IDocumentGrain>("benchmark");
        var (edits, elapsed) = await RunCallersAsync(document, TimeSpan.FromSeconds(5));
        var info = await document.GetAsync();
        Console.WriteLine($"document-grain: {Callers} concurrent callers, {edits:N0} edits in {elapsed.TotalSeconds:F2} s → revision {info!.Revision:N0}, {info.Length:N0} code points");
        Console.WriteLine($"  {edits / elapsed.TotalSeconds:N0} edits/s through one grain (transform + apply + log append + publish + ack)");
        await host.StopAsync();
        return 0;
    }

    private static async Task<(long Edits, TimeSpan Elapsed)> RunCallersAsync(IDocumentGrain document, TimeSpan duration)
    {
        await document.OpenAsync(new Caller("bench", false), new PresenceLease("bench", "bench"));
        long edits = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async caller =>
        {
            long seen = 0;
            for (var n = 0; clock.Elapsed < duration; n++)
            {
                var result = await document.SubmitAsync(new EditRequest(new Caller($"user{caller}", false), $"{caller}-{n}", seen, null, 0, 0, "x"));
                seen = result.Revision;
                Interlocked.Increment(ref edits);
            }
        }));
        return (edits, clock.Elapsed);
    }
}
