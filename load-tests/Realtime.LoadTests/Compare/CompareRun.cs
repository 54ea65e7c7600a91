using Realtime.LoadTests.Baselines;
using Realtime.LoadTests.Cli;
using Realtime.LoadTests.Report;
using Realtime.LoadTests.Scenarios;
using Spectre.Console;

namespace Realtime.LoadTests.Compare;

/// <summary>
/// The same chat workload against Realtime, the bare gRPC baseline and the SignalR baseline, one server
/// at a time on this machine, alternating for several rounds (each round starts with the next server, so
/// none always runs first or last), each with its server's CPU and memory measured by pid.
/// </summary>
public static class CompareRun
{
    public sealed record Settings(string Root, string Configuration, ChatShape Shape, int Rounds, int StreamsPerConnection, TimeSpan WarmUp, TimeSpan Duration, string ReportDirectory);

    private sealed record Contender(string Name, Func<CancellationToken, Task<ServerUnderTest>> Start, Func<ChatShape, IScenario> Scenario);

    public static async Task<IReadOnlyList<(string Server, ScenarioResult Result)>> RunAsync(Settings settings, CancellationToken cancellationToken)
    {
        Contender[] contenders =
        [
            new("Realtime", ct => ServerUnderTest.RealtimeAsync(settings.Root, settings.Configuration, ct), shape => new ChatScenario(shape)),
            new("bare gRPC", ct => ServerUnderTest.BareGrpcAsync(settings.Root, settings.Configuration, ct), shape => new BareGrpcChatScenario(shape)),
            new("SignalR", ct => ServerUnderTest.SignalRAsync(settings.Root, settings.Configuration, ct), shape => new SignalRChatScenario(shape)),
        ];
        var results = new List<(string, ScenarioResult)>();
        for (var round = 0; round < settings.Rounds; round++)
        {
            for (var turn = 0; turn < contenders.Length; turn++)
            {
                var contender = contenders[(round + turn) % contenders.Length];
                AnsiConsole.MarkupLine($"round {round + 1}/{settings.Rounds}: [bold]{contender.Name}[/]");
                await using var server = await contender.Start(cancellationToken);
                var run = new RunSettings([server.Target], server.Web, settings.StreamsPerConnection, TimeSpan.Zero, settings.WarmUp, settings.Duration, round, [server.Pid], settings.ReportDirectory, Live: false);
                var measured = await LoadRun.MeasureAsync(run, [contender.Scenario(settings.Shape)], cancellationToken);
                results.Add((contender.Name, measured[0]));
            }
        }
        return results;
    }
}
