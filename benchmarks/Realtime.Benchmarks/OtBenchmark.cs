using System.Diagnostics;
using Realtime.Grains.Documents;
using Realtime.Ot;

namespace Realtime.Benchmarks;

/// <summary>
/// What one document grain does per edit, without the grain: transform an edit made a few revisions
/// back against the edits since, then apply it — on a 2,000 code point document.
/// </summary>
public static class OtBenchmark
{
    private const int Behind = 5;
    private const int DocumentLength = 2_000;

    public static int Run()
    {
        Measure(TimeSpan.FromSeconds(1));
        var (edits, elapsed) = Measure(TimeSpan.FromSeconds(5));
        Console.WriteLine($"ot: {edits:N0} edits, each transformed against {Behind} concurrent edits and applied to a {DocumentLength:N0} code point document, in {elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"  {edits / elapsed.TotalSeconds:N0} edits/s = {edits * Behind / elapsed.TotalSeconds:N0} transforms/s + {edits / elapsed.TotalSeconds:N0} applies/s on one core");
        return 0;
    }

    private static (long Edits, TimeSpan Elapsed) Measure(TimeSpan duration)
    {
        var random = new Random(1);
        var history = new DocumentHistory(new string('a', DocumentLength), 0);
        var clock = Stopwatch.StartNew();
        long edits = 0;
        while (clock.Elapsed < duration)
        {
            var baseRevision = Math.Max(history.BaseRevision, history.Revision - Behind);
            var length = history.LengthAt(baseRevision);
            var position = random.Next(length);
            var edit = random.Next(2) == 0
                ? TextOperation.InsertAt(length, position, "xy")
                : TextOperation.DeleteRange(length, position, Math.Min(length, position + 2));
            history.Append(history.Rebase(edit, baseRevision));
            if (history.RetainedCount > 1_000)
            {
                history.Compact(100);
            }
            edits++;
        }
        return (edits, clock.Elapsed);
    }
}
