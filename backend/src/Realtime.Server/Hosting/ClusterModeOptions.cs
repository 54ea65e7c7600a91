using Realtime.Streaming.Redis;

namespace Realtime.Server.Hosting;

/// <summary>
/// Cluster mode, bound from "Cluster": with a Redis connection string the server runs as one silo of a
/// cluster (Redis membership, grain storage, event log and pub/sub bus); without one, embedded.
/// </summary>
public sealed class ClusterModeOptions
{
    public const string SectionName = "Cluster";

    /// <summary>StackExchange.Redis connection string, e.g. "127.0.0.1:6379" (default empty: embedded mode).</summary>
    public string RedisConnectionString { get; set; } = "";

    /// <summary>
    /// Starts every Redis key and channel of this deployment (default "realtime"), so deployments can
    /// share a Redis; no braces or spaces (keys carry hash tags of their own).
    /// </summary>
    public string KeyPrefix { get; set; } = RedisKeys.DefaultPrefix;

    /// <summary>
    /// Topic channels use sharded pub/sub (default false): on a Redis Cluster (Redis 7 or later) a
    /// message then reaches only the shard that owns its topic instead of every node. Every silo of a
    /// deployment must have the same setting.
    /// </summary>
    public bool ShardedPubSub { get; set; }

    /// <summary>Silos with the same cluster id form one cluster (default "realtime").</summary>
    public string ClusterId { get; set; } = "realtime";

    /// <summary>Identifies the service across deployments; keys its stored grain state (default "realtime").</summary>
    public string ServiceId { get; set; } = "realtime";

    /// <summary>How long a silo waits for a probe answer before counting it missed (default 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed probes after which a silo suspects another (default 3).</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Suspicions needed to declare a silo dead (default 2; a two-silo cluster needs 1).</summary>
    public int VotesForDeathDeclaration { get; set; } = 2;

    /// <summary>
    /// Orleans Kubernetes hosting (default false): the silo is named after its pod, advertises the pod
    /// IP, takes its service and cluster ids from the pod's orleans/serviceId and orleans/clusterId
    /// labels, and silos whose pods are gone are declared dead at once. Needs the POD_* and ORLEANS_*
    /// environment variables and read/delete access to pods (infra/k8s sets both up).
    /// </summary>
    public bool KubernetesHosting { get; set; }

    public bool Enabled => RedisConnectionString.Length > 0;
}
