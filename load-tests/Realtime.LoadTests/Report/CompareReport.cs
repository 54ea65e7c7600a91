using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Realtime.LoadTests.Report;

/// <summary>The comparison side by side: medians over the rounds, and each server's CPU per delivery as a ratio to Realtime's.</summary>
public static class CompareReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Write(string directory, string offered, IReadOnlyList<(string Server, ScenarioResult Result)> results)
    {
        var rows = results.GroupBy(r => r.Server).Select(g => new
        {
            Server = g.Key,
            Rounds = g.Count(),
            DeliveredPerSecond = Median(g.Select(r => r.Result.DeliveredPerSecond)),
            CpuMicrosPerDelivery = Median(g.Select(r => r.Result.ServerCpuMicrosPerDelivery ?? double.NaN)),
            KibPerStream = Median(g.Select(r => r.Result.ServerKibPerStream ?? double.NaN)),
            P50Ms = Median(g.Select(r => r.Result.Latency.P50Ms)),
            P99Ms = Median(g.Select(r => r.Result.Latency.P99Ms)),
            Gaps = g.Sum(r => r.Result.Gaps),
            Duplicates = g.Sum(r => r.Result.Duplicates),
        }).ToList();
        var realtime = rows.First(r => r.Server == "Realtime").CpuMicrosPerDelivery;
        var table = new Table().Title(Markup.Escape(offered))
            .AddColumns("server", "rounds", "delivered/s", "server CPU µs/delivery", "vs Realtime", "KiB/stream (growth)", "p50 / p99 ms", "gaps / dups");
        foreach (var row in rows)
        {
            table.AddRow(
                row.Server,
                row.Rounds.ToString(CultureInfo.InvariantCulture),
                row.DeliveredPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                row.CpuMicrosPerDelivery.ToString("F2", CultureInfo.InvariantCulture),
                (row.CpuMicrosPerDelivery / realtime).ToString("F2", CultureInfo.InvariantCulture) + "×",
                row.KibPerStream.ToString("F1", CultureInfo.InvariantCulture),
                $"{row.P50Ms.ToString("F1", CultureInfo.InvariantCulture)} / {row.P99Ms.ToString("F1", CultureInfo.InvariantCulture)}",
                $"{row.Gaps} / {row.Duplicates}");
        }
        if (Console.IsOutputRedirected)
        {
            // Piped into a file or CI log: no terminal width to fit, keep one server per line.
            AnsiConsole.Profile.Width = 160;
        }
        AnsiConsole.Write(table);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"compare-{DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { offered, summary = rows, runs = results.Select(r => new { r.Server, r.Result }) }, Json));
        return path;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
