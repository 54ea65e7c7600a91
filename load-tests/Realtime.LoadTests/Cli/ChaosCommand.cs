using System.CommandLine;
using Realtime.LoadTests.Baselines;
using Realtime.LoadTests.Chaos;
using Realtime.LoadTests.Scenarios;

namespace Realtime.LoadTests.Cli;

/// <summary>"chaos": steady chat load against a local cluster while faults are injected in turn, one report.</summary>
public static class ChaosCommand
{
    public static Command Build()
    {
        var silos = new Option<int>("--silos") { Description = "Silos of the local cluster", DefaultValueFactory = _ => 3 };
        var balancer = new Option<int>("--balancer-port") { Description = "The balancer's gRPC port (its web port is the next one)", DefaultValueFactory = _ => 5090 };
        var noStart = new Option<bool>("--no-start") { Description = "Use the cluster infra/local-cluster.sh already runs instead of starting (and stopping) one" };
        var faults = new Option<string[]>("--faults")
        {
            Description = $"Faults in order: {string.Join(", ", Faults.Names)}",
            DefaultValueFactory = _ => Faults.Names,
            AllowMultipleArgumentsPerToken = true,
        };
        var settle = new Option<double>("--settle") { Description = "Seconds of steady load before each fault", DefaultValueFactory = _ => 10 };
        var observe = new Option<double>("--observe") { Description = "Seconds watched after each fault was injected (and undone)", DefaultValueFactory = _ => 15 };
        var restartAfter = new Option<double>("--restart-after") { Description = "Seconds a killed silo stays down", DefaultValueFactory = _ => 10 };
        var redisDown = new Option<double>("--redis-down") { Description = "Seconds Redis stays down", DefaultValueFactory = _ => 10 };
        var cut = new Option<double>("--cut") { Description = "Seconds the client network stays cut", DefaultValueFactory = _ => 5 };
        var chat = new ChatShapeOptions(new ChatShape(Rooms: 4, Members: 50, Senders: 2, Rate: 8, PayloadBytes: 64));
        var mix = new ChangeMixOptions();
        var seed = new Option<int>("--seed") { Description = "Seed for which silo each fault picks", DefaultValueFactory = _ => 1 };
        var reports = new Option<string>("--report-dir") { Description = "Where the JSON and HTML reports go", DefaultValueFactory = _ => "load-tests/reports" };
        var command = new Command("chaos", "Steady chat load on a local cluster while kill -9, Redis restart, rolling restart, drain, shed and a network cut are injected in turn (loopback only)");
        foreach (var option in new Option[] { silos, balancer, noStart, faults, settle, observe, restartAfter, redisDown, cut, seed, reports }.Concat(chat.All).Concat(mix.All))
        {
            command.Options.Add(option);
        }
        command.SetAction(async (result, cancellationToken) =>
        {
            var chosen = result.GetValue(faults)!.SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
            var unknown = chosen.Except(Faults.Names).ToList();
            if (unknown.Count > 0)
            {
                await Console.Error.WriteLineAsync($"unknown fault(s): {string.Join(", ", unknown)}; known: {string.Join(", ", Faults.Names)}");
                return 2;
            }
            var settings = new ChaosSettings(
                Repository.Root(),
                result.GetValue(silos),
                result.GetValue(balancer),
                !result.GetValue(noStart),
                chosen,
                TimeSpan.FromSeconds(result.GetValue(settle)),
                TimeSpan.FromSeconds(result.GetValue(observe)),
                TimeSpan.FromSeconds(result.GetValue(restartAfter)),
                TimeSpan.FromSeconds(result.GetValue(redisDown)),
                TimeSpan.FromSeconds(result.GetValue(cut)));
            var scenario = new ChatScenario(chat.Read(result), mix.Read(result));
            // Bounded: every fault's settle, injection and observation, plus start-up and the final checks.
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(10) + (chosen.Count * (settings.Settle + settings.Observe + settings.RestartAfter + settings.RedisDown + TimeSpan.FromMinutes(1))));
            return await ChaosRun.RunAsync(settings, scenario, result.GetValue(reports)!, result.GetValue(seed), deadline.Token);
        });
        return command;
    }
}
