using Grpc.Core;
using Realtime.Protos.Admin.V1;

namespace Realtime.LoadTests.Chaos;

/// <summary>The faults a chaos run injects, each returning a line that says what it did.</summary>
public sealed class Faults(LocalCluster cluster, CutProxy proxy, AdminService.AdminServiceClient admin, Metadata adminHeaders, ChaosSettings settings, Random random)
{
    public static readonly string[] Names = ["kill", "redis", "rolling", "drain", "shed", "netcut"];

    public Task<string> InjectAsync(string name, CancellationToken cancellationToken) => name switch
    {
        "kill" => KillAsync(cancellationToken),
        "redis" => RedisRestartAsync(cancellationToken),
        "rolling" => RollingRestartAsync(cancellationToken),
        "drain" => DrainAsync(cancellationToken),
        "shed" => ShedAsync(cancellationToken),
        "netcut" => NetworkCutAsync(cancellationToken),
        _ => throw new ArgumentException($"Unknown fault '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
    };

    private async Task<string> KillAsync(CancellationToken cancellationToken)
    {
        var silo = random.Next(cluster.Silos);
        cluster.Kill(silo);
        await Task.Delay(settings.RestartAfter, cancellationToken);
        await cluster.StartSiloAsync(silo, cancellationToken);
        return $"kill -9 of silo-{silo}, restarted after {settings.RestartAfter.TotalSeconds:F0} s";
    }

    private async Task<string> RedisRestartAsync(CancellationToken cancellationToken)
    {
        await cluster.StopRedisAsync(cancellationToken);
        await Task.Delay(settings.RedisDown, cancellationToken);
        await cluster.StartRedisAsync(cancellationToken);
        return $"Redis stopped for {settings.RedisDown.TotalSeconds:F0} s";
    }

    private async Task<string> RollingRestartAsync(CancellationToken cancellationToken)
    {
        for (var silo = 0; silo < cluster.Silos; silo++)
        {
            await cluster.StopSiloAsync(silo, cancellationToken);
            await cluster.StartSiloAsync(silo, cancellationToken);
            // The restarted silo joins the membership before the next one goes.
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        }
        return $"every silo in turn: SIGTERM (drain), then started again";
    }

    private async Task<string> DrainAsync(CancellationToken cancellationToken)
    {
        var silo = await BusiestSiloAsync(cancellationToken);
        var drained = await RetriedAsync(() => admin.DrainSiloAsync(new DrainSiloRequest { Silo = silo.Silo }, adminHeaders, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        await RetriedAsync(() => admin.ResumeSiloAsync(new ResumeSiloRequest { Silo = silo.Silo }, adminHeaders, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);
        return $"drained {silo.Name} ({drained.StreamsDrained} streams), resumed after 5 s";
    }

    private async Task<string> ShedAsync(CancellationToken cancellationToken)
    {
        var overview = await OverviewAsync(cancellationToken);
        var shed = 0;
        foreach (var silo in overview.Silos.Where(s => s.Reporting))
        {
            shed += (await RetriedAsync(() => admin.ShedStreamsAsync(new ShedStreamsRequest { Silo = silo.Silo, Fraction = 0.5 }, adminHeaders, cancellationToken: cancellationToken).ResponseAsync, cancellationToken)).StreamsShed;
        }
        return $"shed 50 % of every silo's streams ({shed})";
    }

    private async Task<string> NetworkCutAsync(CancellationToken cancellationToken)
    {
        await proxy.CutAsync(settings.CutFor, cancellationToken);
        return $"every client connection reset, new ones refused for {settings.CutFor.TotalSeconds:F0} s";
    }

    /// <summary>The serving silo with the most open streams: draining an empty one would measure nothing.</summary>
    private async Task<SiloOverview> BusiestSiloAsync(CancellationToken cancellationToken)
    {
        var overview = await OverviewAsync(cancellationToken);
        return overview.Silos.Where(s => s.Reporting && !s.Draining).MaxBy(s => s.Streams.Sum(k => k.Count))
            ?? throw new InvalidOperationException("No silo is serving.");
    }

    private Task<GetClusterOverviewResponse> OverviewAsync(CancellationToken cancellationToken) =>
        RetriedAsync(() => admin.GetClusterOverviewAsync(new GetClusterOverviewRequest(), adminHeaders, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);

    /// <summary>An operator call, retried while the balancer or a silo that just restarted answers Unavailable (at most 10 tries).</summary>
    private static async Task<T> RetriedAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }
}
