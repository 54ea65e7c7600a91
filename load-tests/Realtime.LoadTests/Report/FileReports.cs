using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Realtime.LoadTests.Report;

/// <summary>The JSON result and an HTML page with throughput and latency-over-time plots (inline SVG, no scripts).</summary>
public static class FileReports
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static (string Json, string Html) Write(string directory, IReadOnlyList<ScenarioResult> results)
    {
        Directory.CreateDirectory(directory);
        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var name = $"{string.Join('+', results.Select(r => r.Scenario))}-{stamp}";
        var jsonPath = Path.Combine(directory, name + ".json");
        var htmlPath = Path.Combine(directory, name + ".html");
        File.WriteAllText(jsonPath, JsonSerializer.Serialize(results, Json));
        File.WriteAllText(htmlPath, Html(results));
        return (jsonPath, htmlPath);
    }

    private static string Html(IReadOnlyList<ScenarioResult> results)
    {
        var html = new StringBuilder("<!doctype html><meta charset=utf-8><title>Realtime load test</title>");
        html.Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td{border:1px solid #ccc;padding:4px 8px}svg{border:1px solid #ddd;margin:8px 0}</style>");
        foreach (var r in results)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{Encode(r.Scenario)}</h2><p>{Encode(r.Offered)}</p><table>");
            Row(html, "streams / connections", $"{r.Streams:N0} / {r.Connections:N0}");
            Row(html, "sent / s, delivered / s", $"{r.SentPerSecond:N0}, {r.DeliveredPerSecond:N0}");
            Row(html, "latency ms p50 / p90 / p99 / p99.9 / max", $"{r.Latency.P50Ms:F2} / {r.Latency.P90Ms:F2} / {r.Latency.P99Ms:F2} / {r.Latency.P999Ms:F2} / {r.Latency.MaxMs:F2}");
            Row(html, "gaps / duplicates / reconnects", $"{r.Gaps} / {r.Duplicates} / {r.Reconnects}");
            Row(html, "reconnects by cause", r.ReconnectCauses.Count == 0 ? "none" : string.Join(", ", r.ReconnectCauses.Select(c => $"{c.Key}: {c.Value}")));
            Row(html, "errors", r.Errors.Count == 0 ? "none" : string.Join(", ", r.Errors.Select(e => $"{e.Key}: {e.Value}")));
            if (r.ServerCpuMicrosPerDelivery is { } cpu)
            {
                Row(html, "server CPU per delivery", $"{cpu:F2} µs");
            }
            if (r.ServerKibPerStream is { } memory)
            {
                Row(html, "server memory per stream", $"{memory:F1} KiB");
            }
            foreach (var (name, value) in r.Checks)
            {
                Row(html, name, value);
            }
            html.Append("</table><h3>Throughput (per second: sent, delivered)</h3>");
            html.Append(Plot(r.Timeline.Select(s => (double)s.Sent).ToList(), r.Timeline.Select(s => (double)s.Delivered).ToList(), "#36c", "#2a2"));
            html.Append("<h3>Latency over time (ms: p50, p99)</h3>");
            html.Append(Plot(r.Timeline.Select(s => s.P50Ms).ToList(), r.Timeline.Select(s => s.P99Ms).ToList(), "#2a2", "#c33"));
        }
        return html.ToString();
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Encode(name)}</td><td>{Encode(value)}</td></tr>");

    /// <summary>Two series as polylines over the run's seconds, scaled to the larger's maximum.</summary>
    private static string Plot(List<double> first, List<double> second, string firstColour, string secondColour)
    {
        const int width = 720;
        const int height = 200;
        var max = Math.Max(1e-9, first.Concat(second).DefaultIfEmpty(0).Max());
        string Line(List<double> values, string colour)
        {
            var points = values.Select((v, i) => string.Create(CultureInfo.InvariantCulture,
                $"{(values.Count <= 1 ? 0 : i * (double)width / (values.Count - 1)):F1},{height - (v / max * (height - 10)):F1}"));
            return $"<polyline fill=none stroke='{colour}' stroke-width=2 points='{string.Join(' ', points)}'/>";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"<svg width={width} height={height} viewBox='0 0 {width} {height}'>{Line(first, firstColour)}{Line(second, secondColour)}<text x=4 y=12 font-size=11>max {max:N1}</text></svg>");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
