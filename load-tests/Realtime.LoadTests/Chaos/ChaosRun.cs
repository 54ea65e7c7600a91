using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Client;
using Realtime.LoadTests.Cli;
using Realtime.LoadTests.Connections;
using Realtime.LoadTests.Measure;
using Realtime.LoadTests.Report;
using Realtime.LoadTests.Scenarios;
using Realtime.Protos.Admin.V1;
using Spectre.Console;

namespace Realtime.LoadTests.Chaos;

/// <summary>
/// The chaos campaign: steady chat load through a cuttable proxy in front of a local cluster's
/// balancer, then each fault in turn (settle, inject, observe), measuring per fault what the clients
/// saw. Ends with the scenario's own check that every acked message reached every member, and writes
/// a JSON and an HTML report. Exit code 1 if any fault cost a gap, a duplicate, a silo or a client.
/// </summary>
public static class ChaosRun
{
    /// <summary>A client that went longer than this without a delivery counts as affected (steady load delivers every few tens of ms).</summary>
    private static readonly TimeSpan AffectedAfter = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(ChaosSettings chaos, ChatScenario scenario, string reportDirectory, int seed, CancellationToken cancellationToken)
    {
        var cluster = new LocalCluster(chaos.RepositoryRoot, chaos.Silos);
        if (chaos.StartCluster)
        {
            AnsiConsole.MarkupLine($"starting a local cluster of {chaos.Silos} silos …");
            await cluster.UpAsync(chaos.BalancerPort, cancellationToken);
        }
        try
        {
            return await MeasureAsync(chaos, cluster, scenario, reportDirectory, seed, cancellationToken);
        }
        finally
        {
            await scenario.DisposeAsync();
            if (chaos.StartCluster)
            {
                await cluster.DownAsync(CancellationToken.None);
            }
        }
    }

    private static async Task<int> MeasureAsync(ChaosSettings chaos, LocalCluster cluster, ChatScenario scenario, string reportDirectory, int seed, CancellationToken cancellationToken)
    {
        var balancer = new Uri($"http://127.0.0.1:{chaos.BalancerPort}");
        var web = new Uri($"http://127.0.0.1:{chaos.BalancerPort + 1}");
        await using var proxy = new CutProxy(new IPEndPoint(IPAddress.Loopback, chaos.BalancerPort));
        var settings = new RunSettings([new Uri($"http://127.0.0.1:{proxy.Port}")], web, 100, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, seed, [], reportDirectory, false);
        var metrics = new RunMetrics();
        using var pool = new ChannelPool(settings);
        var context = new RunContext(settings, metrics, pool, new Tokens(web));
        await scenario.SetUpAsync(context, cancellationToken);
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = scenario.RunAsync(context, stopLoad.Token);

        // The operator's calls go to the balancer directly: a client-side network cut is not theirs.
        using var adminChannel = GrpcChannel.ForAddress(balancer);
        var adminHeaders = new Metadata { { "authorization", $"Bearer {await DevelopmentTokens.FetchAsync(web, "chaos-operator", ["admin"], cancellationToken)}" } };
        var faults = new Faults(cluster, proxy, new AdminService.AdminServiceClient(adminChannel), adminHeaders, chaos, new Random(seed));
        var results = new List<FaultResult>();
        foreach (var fault in chaos.Faults)
        {
            await Task.Delay(chaos.Settle, cancellationToken);
            results.Add(await MeasureFaultAsync(fault, faults, cluster, scenario, metrics, chaos.Observe, cancellationToken));
            AnsiConsole.MarkupLine(Markup.Escape(ChaosReport.Line(results[^1])));
        }
        metrics.Stop();
        await stopLoad.CancelAsync();
        await load;
        var checks = await scenario.FinishAsync(context, cancellationToken);
        ChaosReport.WriteTerminal(results, checks);
        var (json, html) = ChaosReport.WriteFiles(reportDirectory, scenario.Describe(), results, checks);
        AnsiConsole.MarkupLine($"reports: [link]{Markup.Escape(json)}[/], [link]{Markup.Escape(html)}[/]");
        return results.All(r => r.Passed) && !checks.Values.Any(v => v.StartsWith("NO", StringComparison.Ordinal)) ? 0 : 1;
    }

    private static async Task<FaultResult> MeasureFaultAsync(string fault, Faults faults, LocalCluster cluster, ChatScenario scenario, RunMetrics metrics, TimeSpan observe, CancellationToken cancellationToken)
    {
        foreach (var member in scenario.Members)
        {
            member.TakeMaxSilence();
        }
        var (gaps, duplicates) = (metrics.Gaps, metrics.Duplicates);
        var reconnects = metrics.ReconnectCauses.ToDictionary();
        var errors = metrics.Errors.ToDictionary();
        string detail;
        try
        {
            detail = await faults.InjectAsync(fault, cancellationToken);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or HttpRequestException)
        {
            // The injection itself failed (an operator call refused mid-fault): still measure what the clients saw.
            detail = $"injection failed: {ex.Message}";
        }
        await Task.Delay(observe, cancellationToken);
        var silences = scenario.Members.Select(m => m.TakeMaxSilence().TotalSeconds).Order().ToList();
        return new FaultResult(
            fault,
            detail,
            silences.Count,
            silences.Count(s => s > AffectedAfter.TotalSeconds),
            silences[^1],
            silences[(int)Math.Ceiling(silences.Count * 0.99) - 1],
            metrics.Gaps - gaps,
            metrics.Duplicates - duplicates,
            Since(reconnects, metrics.ReconnectCauses),
            Since(errors, metrics.Errors),
            cluster.Exited(),
            scenario.Members.Count(m => !m.Running));
    }

    private static Dictionary<string, long> Since(Dictionary<string, long> before, IReadOnlyDictionary<string, long> now) =>
        now.Select(c => (c.Key, Count: c.Value - before.GetValueOrDefault(c.Key))).Where(c => c.Count > 0).ToDictionary(c => c.Key, c => c.Count);
}
