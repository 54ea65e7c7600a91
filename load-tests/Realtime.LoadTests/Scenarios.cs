using System.Diagnostics;
using Grpc.Core;
using Realtime.Client;
using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests;

/// <summary>Quick measurements against a running server. Everything stays on the given (loopback) addresses and stops by itself.</summary>
public static class Scenarios
{
    public static async Task<int> RunAsync(LoadArguments arguments)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return arguments.Scenario switch
        {
            "fanout" => await FanoutAsync(arguments, deadline.Token),
            "idle" => await IdleAsync(arguments, deadline.Token),
            "collab" => await CollabScenario.RunAsync(arguments, deadline.Token),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: fanout|idle|collab [--streams N] [--messages N] [--streams-per-connection N] [--rate N] [--editors N] [--seconds N] [--server URL] [--web URL] [--server-pid PID]");
        return 2;
    }

    /// <summary>
    /// One sender, N receiving streams in one room: deliveries per second and send→receive latency.
    /// Without --rate the sender goes as fast as acks allow (a throughput test, latency includes queueing).
    /// </summary>
    private static async Task<int> FanoutAsync(LoadArguments arguments, CancellationToken cancellationToken)
    {
        var room = $"fanout-{Guid.NewGuid():N}"[..20];
        var token = await DevelopmentTokens.FetchAsync(arguments.Web, "load-receiver", cancellationToken);
        using var pool = new StreamPool(arguments.Server, arguments.StreamsPerConnection);
        var latencies = new List<double>[arguments.Streams];
        var readers = new List<Task>();
        for (var i = 0; i < arguments.Streams; i++)
        {
            var call = pool.Open(token);
            await call.RequestStream.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = room } }, cancellationToken);
            latencies[i] = new List<double>(arguments.Messages);
            readers.Add(ReceiveAsync(call, latencies[i], arguments.Messages, cancellationToken));
        }
        await using var sender = await ChatClient.ConnectAsync(new RealtimeClientOptions
        {
            Address = arguments.Server,
            TokenProvider = async ct => await DevelopmentTokens.FetchAsync(arguments.Web, "load-sender", ct),
        }, cancellationToken);
        await sender.JoinAsync(room, cancellationToken);
        // The sender receives the room too; its events must be read or its acks would stall behind them.
        _ = Task.Run(async () =>
        {
            await foreach (var _ in sender.ReadEventsAsync(cancellationToken))
            {
            }
        }, cancellationToken);
        var cpu = ServerCpu(arguments.ServerPid);
        var clock = Stopwatch.StartNew();
        var acks = new List<Task<MessageAck>>();
        var interval = arguments.Rate > 0 ? TimeSpan.FromSeconds(1.0 / arguments.Rate) : TimeSpan.Zero;
        for (var i = 0; i < arguments.Messages; i++)
        {
            if (interval > TimeSpan.Zero && clock.Elapsed < interval * i)
            {
                await Task.Delay(interval * i - clock.Elapsed, cancellationToken);
            }
            acks.Add(sender.SendAsync(room, Stopwatch.GetTimestamp().ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken));
            if (acks.Count % 200 == 0)
            {
                await Task.WhenAll(acks);
            }
        }
        await Task.WhenAll(acks);
        await Task.WhenAll(readers);
        var elapsed = clock.Elapsed;
        var serverCpu = ServerCpu(arguments.ServerPid) - cpu;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine($"fanout: {arguments.Streams} streams × {arguments.Messages} messages = {all.Length} deliveries in {elapsed.TotalSeconds:F2} s");
        Console.WriteLine($"  deliveries/s: {all.Length / elapsed.TotalSeconds:F0}");
        Console.WriteLine($"  latency ms: p50 {Percentile(all, 0.50):F2}  p90 {Percentile(all, 0.90):F2}  p99 {Percentile(all, 0.99):F2}  max {all[^1]:F2}");
        if (serverCpu > TimeSpan.Zero)
        {
            Console.WriteLine($"  server CPU: {serverCpu.TotalSeconds:F2} s = {serverCpu.TotalMicroseconds / all.Length:F2} µs per delivery");
        }
        return 0;
    }

    /// <summary>N idle streams each joined to a room: server memory per stream, from its RSS.</summary>
    private static async Task<int> IdleAsync(LoadArguments arguments, CancellationToken cancellationToken)
    {
        if (arguments.ServerPid is not { } pid)
        {
            Console.Error.WriteLine("idle needs --server-pid to read the server's memory");
            return 2;
        }
        var token = await DevelopmentTokens.FetchAsync(arguments.Web, "load-idle", cancellationToken);
        using var pool = new StreamPool(arguments.Server, arguments.StreamsPerConnection);
        var before = Rss(pid);
        var joined = new List<Task>();
        for (var i = 0; i < arguments.Streams; i++)
        {
            var call = pool.Open(token);
            await call.RequestStream.WriteAsync(new ChatClientFrame { Join = new JoinRoom { RoomId = $"idle-{i % 50}" } }, cancellationToken);
            joined.Add(call.ResponseStream.MoveNext(cancellationToken));
        }
        await Task.WhenAll(joined);
        await Task.Delay(TimeSpan.FromSeconds(arguments.HoldSeconds), cancellationToken);
        var after = Rss(pid);
        Console.WriteLine($"idle: {arguments.Streams} streams joined to 50 rooms; server RSS {before / 1048576.0:F1} → {after / 1048576.0:F1} MiB = {(after - before) / 1024.0 / arguments.Streams:F1} KiB per stream");
        return 0;
    }

    private static async Task ReceiveAsync(AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> call, List<double> latencies, int expected, CancellationToken cancellationToken)
    {
        await foreach (var frame in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (frame.Message is { } message)
            {
                var sent = long.Parse(message.Content, System.Globalization.CultureInfo.InvariantCulture);
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (latencies.Count == expected)
                {
                    return;
                }
            }
        }
    }

    internal static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    internal static TimeSpan ServerCpu(int? pid) => pid is { } id ? Process.GetProcessById(id).TotalProcessorTime : TimeSpan.Zero;

    private static long Rss(int pid)
    {
        using var process = Process.GetProcessById(pid);
        process.Refresh();
        return process.WorkingSet64;
    }
}
