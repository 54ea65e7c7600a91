using System.Diagnostics;

namespace Realtime.Testing;

/// <summary>
/// A real Redis Cluster: three <c>redis-server --cluster-enabled yes</c> nodes on loopback (masters, no
/// replicas) joined by <c>redis-cli --cluster create</c>, killed with their owner. Keys in different
/// slots live on different nodes, so a multi-key command across slots is refused as in production.
/// </summary>
public sealed class RedisClusterServer : IAsyncDisposable
{
    private const int Nodes = 3;

    private readonly RedisProcess[] _nodes;

    private RedisClusterServer(RedisProcess[] nodes) => _nodes = nodes;

    /// <summary>Every node, so a client finds the cluster from any of them.</summary>
    public string ConnectionString => string.Join(',', _nodes.Select(n => $"127.0.0.1:{n.Port}")) + ",abortConnect=false";

    public static async Task<RedisClusterServer> StartAsync()
    {
        var nodes = new List<RedisProcess>();
        try
        {
            for (var i = 0; i < Nodes; i++)
            {
                nodes.Add(await RedisProcess.StartClusterNodeAsync());
            }
            var cluster = new RedisClusterServer([.. nodes]);
            await RedisCliAsync(["--cluster", "create", .. nodes.Select(n => $"127.0.0.1:{n.Port}"), "--cluster-replicas", "0", "--cluster-yes"]);
            foreach (var node in nodes)
            {
                await Eventually.PassesAsync(
                    async () => (await RedisCliAsync(["-p", $"{node.Port}", "cluster", "info"])).Contains("cluster_state:ok", StringComparison.Ordinal),
                    $"the Redis Cluster node on {node.Port} reporting cluster_state:ok");
            }
            return cluster;
        }
        catch
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    private static async Task<string> RedisCliAsync(string[] arguments)
    {
        using var cli = Process.Start(new ProcessStartInfo("redis-cli", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TestTimeouts.Wait);
        try
        {
            await cli.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            cli.Kill(entireProcessTree: true);
            throw new TimeoutException($"redis-cli {string.Join(' ', arguments)} did not finish.");
        }
        if (cli.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', arguments)} failed ({cli.ExitCode}): {await error}{await output}");
        }
        return await output;
    }
}
