using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Two silos of one cluster on one Redis (each its own host, ports and silo endpoint, in this process).</summary>
[Trait("Tier", "cluster")]
public sealed class ClusterTests(RedisFixture redis) : ClusterContract(redis), IClassFixture<RedisFixture>;

/// <summary>
/// The same on a three-node Redis Cluster, with sharded pub/sub and a deployment prefix of its own:
/// membership, grain state, logs, channels and attachments spread over the shards.
/// </summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterTests(RedisClusterFixture redis) : ClusterContract(redis), IClassFixture<RedisClusterFixture>
{
    protected override Dictionary<string, string?> ClusterSettings()
    {
        var settings = base.ClusterSettings();
        settings["Cluster:KeyPrefix"] = Ids.Unique("deployment");
        settings["Cluster:ShardedPubSub"] = "true";
        return settings;
    }
}
