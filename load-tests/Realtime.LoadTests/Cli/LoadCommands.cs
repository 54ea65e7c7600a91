using System.CommandLine;
using Realtime.LoadTests.Baselines;
using Realtime.LoadTests.Scenarios;

namespace Realtime.LoadTests.Cli;

/// <summary>The command line: one command per scenario, sharing the run options.</summary>
public static class LoadCommands
{
    private static readonly Option<string[]> Targets = new("--target")
    {
        Description = "Native gRPC endpoint(s) of the silo(s); several spread clients round-robin",
        DefaultValueFactory = _ => ["http://127.0.0.1:5080"],
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string> Web = new("--web") { Description = "Web endpoint for development tokens", DefaultValueFactory = _ => "http://127.0.0.1:5081" };
    private static readonly Option<int> StreamsPerConnection = new("--streams-per-connection") { Description = "Streams per HTTP/2 connection (Kestrel allows 100)", DefaultValueFactory = _ => 100 };
    private static readonly Option<double> RampUp = new("--ramp-up") { Description = "Seconds over which streams are opened (0 = as fast as possible)", DefaultValueFactory = _ => 0 };
    private static readonly Option<double> WarmUp = new("--warm-up") { Description = "Seconds of load before measuring", DefaultValueFactory = _ => 2 };
    private static readonly Option<double> Duration = new("--duration") { Description = "Measured seconds", DefaultValueFactory = _ => 10 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed for every random choice", DefaultValueFactory = _ => 1 };
    private static readonly Option<int[]> ServerPids = new("--server-pid") { Description = "Server process id(s) on this machine, for CPU and memory per delivery/stream", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> ReportDirectory = new("--report-dir") { Description = "Where the JSON and HTML reports go", DefaultValueFactory = _ => "load-tests/reports" };
    private static readonly Option<bool> NoLive = new("--no-live") { Description = "No live progress table" };

    public static RootCommand Build()
    {
        var root = new RootCommand("Realtime load generator: simulates streaming users against one silo or a cluster (loopback only).");
        root.Subcommands.Add(Chat());
        root.Subcommands.Add(Collab());
        root.Subcommands.Add(Game());
        root.Subcommands.Add(Connect());
        root.Subcommands.Add(Mixed());
        root.Subcommands.Add(ChaosCommand.Build());
        root.Subcommands.Add(CompareCommand.Build());
        root.Subcommands.Add(HistoryCommand.Build());
        root.Subcommands.Add(UnreadCommand.Build());
        root.Subcommands.Add(PublishCommand.Build());
        return root;
    }

    private static Command Chat()
    {
        var chat = new ChatShapeOptions(new ChatShape(Rooms: 1, Members: 1000, Senders: 1, Rate: 100, PayloadBytes: 64));
        var mix = new ChangeMixOptions();
        var calloutPort = new Option<int>("--callout-port")
        {
            Description = "Answer join callouts here, allowing every join (configure the server's JoinCallouts:Endpoints:chat:Url to http://127.0.0.1:PORT/); 0 = none",
        };
        return Scenario("chat", "Fan-out: rooms × members, senders at a rate, optionally mixing in reactions, edits, thread replies and read marks (with read receipts)", [.. chat.All, .. mix.All, calloutPort],
            r => [new ChatScenario(chat.Read(r), mix.Read(r))],
            r => r.GetValue(calloutPort) is > 0 and var port ? new CalloutEndpoint(port) : null);
    }

    private static Command Collab()
    {
        var documents = new Option<int>("--documents") { DefaultValueFactory = _ => 200 };
        var editors = new Option<int>("--editors") { Description = "Editors per document", DefaultValueFactory = _ => 5 };
        var rate = new Option<double>("--rate") { Description = "Edits per second per editor", DefaultValueFactory = _ => 2 };
        return Scenario("collab", "Documents × editors typing; verifies convergence", [documents, editors, rate],
            r => [new CollabScenario(r.GetValue(documents), r.GetValue(editors), r.GetValue(rate))]);
    }

    private static Command Game()
    {
        var sessions = new Option<int>("--sessions") { DefaultValueFactory = _ => 100 };
        var players = new Option<int>("--players") { DefaultValueFactory = _ => 8 };
        var inputRate = new Option<double>("--input-rate") { Description = "Inputs per second per player", DefaultValueFactory = _ => 20 };
        var tickRate = new Option<int>("--tick-rate") { DefaultValueFactory = _ => 20 };
        return Scenario("game", "Sessions × players sending inputs; tick jitter and state delivery", [sessions, players, inputRate, tickRate],
            r => [new GameScenario(r.GetValue(sessions), r.GetValue(players), r.GetValue(inputRate), r.GetValue(tickRate))]);
    }

    private static Command Connect()
    {
        var streams = new Option<int>("--streams") { DefaultValueFactory = _ => 10_000 };
        var churn = new Option<double>("--churn") { Description = "Percent of streams reconnecting (and resuming) per minute", DefaultValueFactory = _ => 0 };
        return Scenario("connect", "Ramp to N idle streams and hold, with optional churn", [streams, churn],
            r => [new ConnectScenario(r.GetValue(streams), r.GetValue(churn))]);
    }

    private static Command Mixed() =>
        Scenario("mixed", "Chat (200 members, 50 msg/s), collab (20 × 5 at 2/s) and game (10 × 8 at 20 Hz) at once", [],
            _ => [new ChatScenario(new ChatShape(Rooms: 1, Members: 200, Senders: 1, Rate: 50, PayloadBytes: 64)), new CollabScenario(20, 5, 2), new GameScenario(10, 8, 20, 20)]);

    /// <summary>A scenario command with the shared run options; <c>alongside</c> is what runs beside it for as long as it runs (an endpoint the server calls), if anything.</summary>
    private static Command Scenario(
        string name, string description, Option[] options, Func<ParseResult, IScenario[]> create, Func<ParseResult, IDisposable?>? alongside = null)
    {
        var command = new Command(name, description);
        foreach (var option in options.Concat(new Option[] { Targets, Web, StreamsPerConnection, RampUp, WarmUp, Duration, Seed, ServerPids, ReportDirectory, NoLive }))
        {
            command.Options.Add(option);
        }
        command.SetAction(async (result, cancellationToken) =>
        {
            var settings = Settings(result);
            using var companion = alongside?.Invoke(result);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.RampUp + settings.WarmUp + settings.Duration + TimeSpan.FromMinutes(5));
            return await LoadRun.RunAsync(settings, create(result), deadline.Token);
        });
        return command;
    }

    private static RunSettings Settings(ParseResult result) => new(
        [.. result.GetValue(Targets)!.Select(t => new Uri(t))],
        new Uri(result.GetValue(Web)!),
        result.GetValue(StreamsPerConnection),
        TimeSpan.FromSeconds(result.GetValue(RampUp)),
        TimeSpan.FromSeconds(result.GetValue(WarmUp)),
        TimeSpan.FromSeconds(result.GetValue(Duration)),
        result.GetValue(Seed),
        result.GetValue(ServerPids) ?? [],
        result.GetValue(ReportDirectory)!,
        !result.GetValue(NoLive));
}
