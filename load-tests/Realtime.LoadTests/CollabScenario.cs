using System.Collections.Concurrent;
using System.Diagnostics;
using Realtime.Client;
using Realtime.Ot;

namespace Realtime.LoadTests;

/// <summary>
/// E editors (SDK clients, each its own connection) type into one document at --rate edits/s each for
/// --seconds. Every edit inserts a unique marker code point, so a receiver can tell when the edit left
/// its author: submit → remote delivery latency. At the end every copy must equal the server's.
/// </summary>
public static class CollabScenario
{
    private const int MarkerBase = 0xF0000;

    public static async Task<int> RunAsync(LoadArguments arguments, CancellationToken cancellationToken)
    {
        var document = $"collab-{Guid.NewGuid():N}"[..20];
        var sentAt = new ConcurrentDictionary<int, long>();
        var latencies = new ConcurrentBag<double>();
        var editors = new List<DocumentClient>();
        for (var i = 0; i < arguments.Editors; i++)
        {
            var user = $"editor-{i}";
            var editor = await DocumentClient.ConnectAsync(new RealtimeClientOptions
            {
                Address = arguments.Server,
                TokenProvider = async ct => await DevelopmentTokens.FetchAsync(arguments.Web, user, ct),
            }, cancellationToken);
            editors.Add(editor);
            await editor.OpenAsync(document, cancellationToken);
            _ = MeasureAsync(editor, sentAt, latencies, cancellationToken);
        }
        var cpu = Scenarios.ServerCpu(arguments.ServerPid);
        var clock = Stopwatch.StartNew();
        var rate = arguments.Rate > 0 ? arguments.Rate : 5;
        var markers = 0;
        await Task.WhenAll(editors.Select((editor, index) => TypeAsync(editor, document, index, rate, arguments.Seconds, sentAt, () => Interlocked.Increment(ref markers), cancellationToken)));
        var typed = clock.Elapsed;
        var converged = await ConvergedAsync(editors, document, cancellationToken);
        var serverCpu = Scenarios.ServerCpu(arguments.ServerPid) - cpu;
        var sorted = latencies.Order().ToArray();
        Console.WriteLine($"collab: {arguments.Editors} editors × {rate} edits/s for {typed.TotalSeconds:F1} s = {markers} edits, {sorted.Length} remote deliveries");
        if (sorted.Length > 0)
        {
            Console.WriteLine($"  submit → remote delivery ms: p50 {Scenarios.Percentile(sorted, 0.50):F2}  p90 {Scenarios.Percentile(sorted, 0.90):F2}  p99 {Scenarios.Percentile(sorted, 0.99):F2}  max {sorted[^1]:F2}");
        }
        Console.WriteLine($"  converged: {(converged is { } text ? $"yes, {CodePoints.Count(text)} code points, every marker once: {EveryMarkerOnce(text, markers)}" : "NO")}");
        if (serverCpu > TimeSpan.Zero)
        {
            Console.WriteLine($"  server CPU: {serverCpu.TotalSeconds:F2} s = {serverCpu.TotalMicroseconds / Math.Max(1, markers):F1} µs per edit (incl. its fan-out to {arguments.Editors} editors)");
        }
        foreach (var editor in editors)
        {
            await editor.DisposeAsync();
        }
        return converged is null ? 1 : 0;
    }

    private static async Task TypeAsync(
        DocumentClient editor, string document, int index, int rate, int seconds,
        ConcurrentDictionary<int, long> sentAt, Func<int> nextMarker, CancellationToken cancellationToken)
    {
        var random = new Random(index);
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var clock = Stopwatch.StartNew();
        for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(seconds); n++)
        {
            var wait = (interval * n) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }
            var marker = MarkerBase + nextMarker();
            sentAt[marker] = Stopwatch.GetTimestamp();
            await editor.EditAsync(document, text =>
            {
                var length = CodePoints.Count(text);
                return TextOperation.InsertAt(length, random.Next(length + 1), char.ConvertFromUtf32(marker));
            });
        }
    }

    private static async Task MeasureAsync(DocumentClient editor, ConcurrentDictionary<int, long> sentAt, ConcurrentBag<double> latencies, CancellationToken cancellationToken)
    {
        await foreach (var change in editor.ReadEventsAsync(cancellationToken))
        {
            if (change.Applied is not { } applied)
            {
                continue;
            }
            var now = Stopwatch.GetTimestamp();
            foreach (var insert in applied.Components.Where(c => c.Kind == OperationKind.Insert))
            {
                foreach (var rune in insert.Text.EnumerateRunes())
                {
                    if (sentAt.TryGetValue(rune.Value, out var sent))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(sent, now).TotalMilliseconds);
                    }
                }
            }
        }
    }

    /// <summary>The common text once every editor is synced at the server's revision, or null if that does not happen in time.</summary>
    private static async Task<string?> ConvergedAsync(List<DocumentClient> editors, string document, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var stored = await editors[0].GetDocumentAsync(document, cancellationToken: cancellationToken);
            if (editors.All(e => e.IsSynced(document) && e.Revision(document) == stored.Snapshot.Revision))
            {
                return editors.All(e => e.Text(document) == stored.Snapshot.Content) ? stored.Snapshot.Content : null;
            }
            await Task.Delay(50, cancellationToken);
        }
        return null;
    }

    private static bool EveryMarkerOnce(string text, int markers)
    {
        var seen = text.EnumerateRunes().Where(r => r.Value >= MarkerBase).Select(r => r.Value).ToList();
        return seen.Count == markers && seen.Distinct().Count() == markers;
    }
}
