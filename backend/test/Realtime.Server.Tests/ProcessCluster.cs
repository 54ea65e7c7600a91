using Realtime.Client;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>What tests of silos as real processes on one Redis share: the cluster's settings and clients that fail over fast.</summary>
internal static class ProcessCluster
{
    /// <summary>
    /// A fresh cluster on <paramref name="redis"/> that declares a killed silo dead within seconds. Probes wait 2 s: with
    /// 1 s, a second silo still starting on a busy machine (CI beside stress-ng) missed two probes, was declared dead by
    /// the first, and stopped before it listened.
    /// </summary>
    public static Dictionary<string, string?> Settings(RedisFixture redis) => new()
    {
        ["Cluster:RedisConnectionString"] = redis.ConnectionString,
        ["Cluster:ClusterId"] = Ids.Unique("cluster"),
        ["Cluster:ProbeTimeout"] = "00:00:02",
        ["Cluster:MissedProbesLimit"] = "2",
        ["Cluster:VotesForDeathDeclaration"] = "1",
    };

    /// <summary>A client that reconnects within a second (through a balancer-like proxy at <paramref name="address"/>).</summary>
    public static async Task<ChatClient> ConnectAsync(Uri address, Uri web, string user)
    {
        var token = await DevelopmentTokens.FetchAsync(web, user);
        return await ChatClient.ConnectAsync(new RealtimeClientOptions
        {
            Address = address,
            TokenProvider = _ => ValueTask.FromResult(token),
            InitialReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaxReconnectDelay = TimeSpan.FromSeconds(1),
        }).WaitAsync(TestTimeouts.Wait);
    }
}
