using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Realtime.LoadTests.Chaos;
using Spectre.Console;

namespace Realtime.LoadTests.Report;

/// <summary>The chaos campaign's report: one row per fault, in the terminal, as JSON and as an HTML table.</summary>
public static class ChaosReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string Line(FaultResult r) => string.Create(CultureInfo.InvariantCulture,
        $"{(r.Passed ? "ok " : "BAD")} {r.Fault}: {r.Detail}; {r.ClientsAffected}/{r.Clients} clients affected, without delivery max {r.MaxSecondsWithoutDelivery:F1} s p99 {r.P99SecondsWithoutDelivery:F1} s, gaps {r.Gaps}, duplicates {r.Duplicates}, silos stopped by themselves {r.SilosStoppedByThemselves.Count}, clients given up {r.ClientsGivenUp}");

    public static void WriteTerminal(IReadOnlyList<FaultResult> results, IReadOnlyDictionary<string, string> checks)
    {
        var table = new Table().AddColumns("fault", "affected", "no delivery max / p99 s", "gaps / dups", "reconnects by cause", "errors by status", "silos stopped / clients gave up");
        foreach (var r in results)
        {
            table.AddRow(Markup.Escape(r.Fault), $"{r.ClientsAffected}/{r.Clients}", string.Create(CultureInfo.InvariantCulture, $"{r.MaxSecondsWithoutDelivery:F1} / {r.P99SecondsWithoutDelivery:F1}"),
                $"{r.Gaps} / {r.Duplicates}", Markup.Escape(Counts(r.ReconnectsByCause)), Markup.Escape(Counts(r.ErrorsByStatus)), $"{r.SilosStoppedByThemselves.Count} / {r.ClientsGivenUp}");
        }
        AnsiConsole.Write(table);
        foreach (var (name, value) in checks)
        {
            AnsiConsole.MarkupLine($"{Markup.Escape(name)}: {Markup.Escape(value)}");
        }
    }

    public static (string Json, string Html) WriteFiles(string directory, string load, IReadOnlyList<FaultResult> results, IReadOnlyDictionary<string, string> checks)
    {
        Directory.CreateDirectory(directory);
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var jsonPath = Path.Combine(directory, $"chaos-{stamp}.json");
        var htmlPath = Path.Combine(directory, $"chaos-{stamp}.html");
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(new { Load = load, Faults = results, Checks = checks }, Json));
        var html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Realtime chaos run</title>");
        html.Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}.bad{background:#fdd}</style>");
        html.Append(CultureInfo.InvariantCulture, $"<h2>Chaos run</h2><p>{Encode(load)}</p><table><tr><th>fault</th><th>what was done</th><th>clients affected</th><th>no delivery max / p99 (s)</th><th>gaps / duplicates</th><th>reconnects by cause</th><th>errors by status</th><th>silos stopped by themselves</th><th>clients given up</th></tr>");
        foreach (var r in results)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr class='{(r.Passed ? "" : "bad")}'><td>{Encode(r.Fault)}</td><td>{Encode(r.Detail)}</td><td>{r.ClientsAffected}/{r.Clients}</td><td>{r.MaxSecondsWithoutDelivery:F1} / {r.P99SecondsWithoutDelivery:F1}</td><td>{r.Gaps} / {r.Duplicates}</td><td>{Encode(Counts(r.ReconnectsByCause))}</td><td>{Encode(Counts(r.ErrorsByStatus))}</td><td>{Encode(string.Join(", ", r.SilosStoppedByThemselves))}</td><td>{r.ClientsGivenUp}</td></tr>");
        }
        html.Append("</table><h3>After the campaign</h3><table>");
        foreach (var (name, value) in checks)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(name)}</td><td>{Encode(value)}</td></tr>");
        }
        html.Append("</table>");
        File.WriteAllText(htmlPath, html.ToString());
        return (jsonPath, htmlPath);
    }

    private static string Counts(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderByDescending(c => c.Value).Select(c => $"{c.Key}: {c.Value}"));

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
