using System.Collections.Concurrent;
using Realtime.Client;
using Realtime.Ot;

namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// D documents × E editors (SDK clients with client-side OT, each on its own connection) typing at X
/// edits/s. Every edit inserts a unique marker code point; another editor seeing it gives the
/// submit → remote delivery latency. At the end every copy must equal the server's, every marker once.
/// </summary>
public sealed class CollabScenario(int documents, int editors, double rate) : IScenario
{
    private const int MarkerBase = 0xF0000;
    private const int MarkerLimit = 0xFFFFD - MarkerBase;

    private readonly List<(DocumentClient Client, string Document)> _editors = [];
    private readonly ConcurrentDictionary<int, long> _sentAt = new();
    private int _markers;

    public string Name => "collab";

    public int Streams => _editors.Count;

    public string Describe() => $"{documents} document(s) × {editors} editors at {rate} edits/s each";

    public async Task SetUpAsync(RunContext context, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var total = documents * editors;
        for (var i = 0; i < total; i++)
        {
            await context.RampAsync(i, total, clock, cancellationToken);
            var user = $"editor-{i}";
            var client = await DocumentClient.ConnectAsync(new RealtimeClientOptions
            {
                Address = context.Settings.Target(i),
                TokenProvider = ct => new ValueTask<string>(context.Tokens.ForAsync(user, ct)),
            }, cancellationToken);
            var document = $"load-{run}-{i % documents}";
            await client.OpenAsync(document, cancellationToken);
            _editors.Add((client, document));
            _ = MeasureAsync(client, context);
        }
    }

    public Task RunAsync(RunContext context, CancellationToken cancellationToken) =>
        Task.WhenAll(_editors.Select((editor, index) =>
        {
            var random = new Random(context.Settings.Seed + index);
            return RunContext.PaceAsync(rate, async _ =>
            {
                var marker = Interlocked.Increment(ref _markers);
                if (marker >= MarkerLimit)
                {
                    return;
                }
                _sentAt[MarkerBase + marker] = System.Diagnostics.Stopwatch.GetTimestamp();
                await editor.Client.EditAsync(editor.Document, text =>
                {
                    var length = CodePoints.Count(text);
                    return TextOperation.InsertAt(length, random.Next(length + 1), char.ConvertFromUtf32(MarkerBase + marker));
                });
                context.Metrics.CountSent();
            }, cancellationToken);
        }));

    public async Task<IReadOnlyDictionary<string, string>> FinishAsync(RunContext context, CancellationToken cancellationToken)
    {
        var converged = 0;
        foreach (var group in _editors.GroupBy(e => e.Document))
        {
            if (await ConvergedAsync([.. group.Select(e => e.Client)], group.Key, cancellationToken))
            {
                converged++;
            }
        }
        var allText = string.Concat(_editors.DistinctBy(e => e.Document).Select(e => e.Client.Text(e.Document)));
        var seen = allText.EnumerateRunes().Where(r => r.Value > MarkerBase).Select(r => r.Value).ToList();
        var expected = Math.Min(_markers, MarkerLimit - 1);
        return new Dictionary<string, string>
        {
            ["converged documents"] = $"{converged} of {documents}",
            ["every edit present once"] = seen.Count == expected && seen.Distinct().Count() == expected ? "yes" : $"NO ({seen.Count} markers for {expected} edits)",
        };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (client, _) in _editors)
        {
            await client.DisposeAsync();
        }
    }

    private async Task MeasureAsync(DocumentClient client, RunContext context)
    {
        await foreach (var change in client.ReadEventsAsync())
        {
            if (change.Applied is not { } applied)
            {
                continue;
            }
            foreach (var insert in applied.Components.Where(c => c.Kind == OperationKind.Insert))
            {
                foreach (var rune in insert.Text.EnumerateRunes())
                {
                    if (_sentAt.TryGetValue(rune.Value, out var sent))
                    {
                        context.Metrics.Delivery(sent);
                    }
                }
            }
        }
    }

    private static async Task<bool> ConvergedAsync(DocumentClient[] editors, string document, CancellationToken cancellationToken)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var stored = await editors[0].GetDocumentAsync(document, cancellationToken: cancellationToken);
            if (editors.All(e => e.IsSynced(document) && e.Revision(document) == stored.Snapshot.Revision))
            {
                return editors.All(e => e.Text(document) == stored.Snapshot.Content);
            }
            await Task.Delay(100, cancellationToken);
        }
        return false;
    }
}
