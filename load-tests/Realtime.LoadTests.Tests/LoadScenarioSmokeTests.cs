using Realtime.LoadTests.Baselines;
using Realtime.LoadTests.Cli;
using Realtime.LoadTests.Report;
using Realtime.LoadTests.Scenarios;
using Realtime.Testing;

namespace Realtime.LoadTests.Tests;

/// <summary>
/// Every scenario, small and short, against a real in-process server: the tool still works, measures
/// deliveries, and finds no gap, duplicate or failed check. Speed is measured by running the tool, not here.
/// </summary>
[Trait("Tier", "integration")]
public sealed class LoadScenarioSmokeTests
{
    [Fact]
    public async Task Every_scenario_runs_against_a_server_and_reports_a_clean_result()
    {
        await using var server = await TestServer.StartAsync();
        var reports = Path.Combine(Path.GetTempPath(), $"realtime-load-{Guid.NewGuid():N}");
        var settings = new RunSettings([server.GrpcAddress], server.WebAddress, 10, TimeSpan.Zero, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2), 7, [], reports, Live: false);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var results = await LoadRun.MeasureAsync(settings,
        [
            new ChatScenario(new ChatShape(Rooms: 2, Members: 10, Senders: 1, Rate: 20, PayloadBytes: 64)),
            new CollabScenario(documents: 2, editors: 3, rate: 5),
            new GameScenario(sessions: 2, players: 2, inputRate: 10, tickRate: 20),
            new ConnectScenario(streams: 60, churnPercentPerMinute: 600),
        ], deadline.Token);
        var (json, html) = FileReports.Write(reports, results);

        Assert.Equal(["chat", "collab", "game", "connect"], results.Select(r => r.Scenario));
        Assert.All(results, r => Assert.True(LoadRun.Passed(r), $"{r.Scenario}: gaps {r.Gaps}, duplicates {r.Duplicates}, checks {string.Join("; ", r.Checks)}"));
        Assert.All(results, r => Assert.True(r.Delivered > 0 && r.Latency.Count > 0, $"{r.Scenario} delivered {r.Delivered}"));
        Assert.Equal("2 of 2", results[1].Checks["converged documents"]);
        Assert.True(results[2].TickJitter.Count > 0);
        Assert.True(results[3].Reconnects > 0);
        Assert.Contains("\"Scenario\": \"chat\"", await File.ReadAllTextAsync(json));
        Assert.Contains("<svg", await File.ReadAllTextAsync(html));
        Directory.Delete(reports, recursive: true);
    }
}
