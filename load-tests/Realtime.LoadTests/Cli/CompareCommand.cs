using System.CommandLine;
using Realtime.LoadTests.Baselines;
using Realtime.LoadTests.Compare;
using Realtime.LoadTests.Report;

namespace Realtime.LoadTests.Cli;

/// <summary>"compare": the chat workload against Realtime, bare gRPC and SignalR in turn, one report with ratios.</summary>
public static class CompareCommand
{
    public static Command Build()
    {
        var chat = new ChatShapeOptions(new ChatShape(Rooms: 1, Members: 200, Senders: 1, Rate: 50, PayloadBytes: 64));
        var rounds = new Option<int>("--rounds") { Description = "Times each server is measured (alternating)", DefaultValueFactory = _ => 2 };
        var perConnection = new Option<int>("--streams-per-connection") { Description = "gRPC streams per HTTP/2 connection (SignalR: always one per connection)", DefaultValueFactory = _ => 1 };
        var warmUp = new Option<double>("--warm-up") { Description = "Seconds of load before measuring: long enough for each fresh server to finish compiling its hot path", DefaultValueFactory = _ => 10 };
        var duration = new Option<double>("--duration") { Description = "Measured seconds per server and round", DefaultValueFactory = _ => 10 };
        var configuration = new Option<string>("--configuration") { Description = "Which build of the servers to run (build it first)", DefaultValueFactory = _ => "Release" };
        var reports = new Option<string>("--report-dir") { Description = "Where the JSON report goes", DefaultValueFactory = _ => "load-tests/reports" };
        var command = new Command("compare", "The chat workload against Realtime (embedded), the bare grpc-dotnet baseline and the SignalR baseline, alternating on this machine; prints server CPU per delivery and the ratios (loopback only)");
        foreach (var option in chat.All.Concat(new Option[] { rounds, perConnection, warmUp, duration, configuration, reports }))
        {
            command.Options.Add(option);
        }
        command.SetAction(async (result, cancellationToken) =>
        {
            var shape = chat.Read(result);
            var settings = new CompareRun.Settings(
                Repository.Root(),
                result.GetValue(configuration)!,
                shape,
                result.GetValue(rounds),
                result.GetValue(perConnection),
                TimeSpan.FromSeconds(result.GetValue(warmUp)),
                TimeSpan.FromSeconds(result.GetValue(duration)),
                result.GetValue(reports)!);
            // Bounded: start-up, ramp and measurement of every server in every round.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.Rounds * 3 * (settings.WarmUp + settings.Duration + TimeSpan.FromMinutes(3)));
            var results = await CompareRun.RunAsync(settings, deadline.Token);
            var path = CompareReport.Write(settings.ReportDirectory, shape.Describe(), results);
            Console.WriteLine($"report: {path}");
            // Realtime must deliver everything in order; a baseline only has to work at all (they promise nothing more).
            var sound = results.All(r => r.Result.DeliveredPerSecond > 0 && (r.Server != "Realtime" || LoadRun.Passed(r.Result)));
            return sound ? 0 : 1;
        });
        return command;
    }
}
