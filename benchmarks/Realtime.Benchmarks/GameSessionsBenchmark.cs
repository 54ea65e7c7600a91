using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Realtime.Grains;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Games;
using Realtime.Grains.Games;
using Realtime.Grains.Log;
using Realtime.Processes;
using Realtime.Protos.Game.V1;
using Realtime.Streaming;
using Realtime.Streaming.Bus;
using GameRole = Realtime.Grains.Abstractions.Games.GameRole;

namespace Realtime.Benchmarks;

/// <summary>
/// N arena sessions × 8 players at 20 Hz on one in-process silo, every player sending an input per
/// tick. A bus subscriber per session timestamps each tick as it is published: the tick-interval
/// jitter (|interval − 50 ms|) shows how many sessions the silo sustains. Also reports the encoded
/// size of delta and full state frames.
/// </summary>
public static class GameSessionsBenchmark
{
    private const int Players = 8;
    private const int TickRate = 20;

    public static async Task<int> RunAsync(int[] sessionCounts)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" });
        builder.UseOrleans(silo => silo.UseLocalhostClustering(ListeningProcess.FreeLoopbackPort(), 0).AddMemoryGrainStorage(GrainStorage.Name));
        builder.Services.AddStreaming().AddInMemoryEventLog().AddGameGrains();
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var bus = host.Services.GetRequiredService<IEventBus>();
        foreach (var sessions in sessionCounts)
        {
            await RunRoundAsync(grains, bus, sessions, TimeSpan.FromSeconds(10));
        }
        await host.StopAsync();
        return 0;
    }

    private static async Task RunRoundAsync(IGrainFactory grains, IEventBus bus, int sessions, TimeSpan duration)
    {
        var round = Guid.NewGuid().ToString("N")[..6];
        var intervals = new ConcurrentBag<double>();
        var deltaBytes = new ConcurrentBag<int>();
        var fullBytes = new ConcurrentBag<int>();
        var subscriptions = new List<IAsyncDisposable>();
        var games = new List<IGameSessionGrain>();
        for (var s = 0; s < sessions; s++)
        {
            var id = $"bench-{round}-{s}";
            var game = grains.GetGrain<IGameSessionGrain>(id);
            await game.CreateAsync(new GameSettings("arena", Players, 0, TickRate), "bench", TopicAccess.Public("bench"));
            long last = 0;
            subscriptions.Add(await bus.SubscribeAsync(Topics.Game(id), onResync: () => { }, onEvent: e =>
            {
                if (e.IsEphemeral)
                {
                    return;
                }
                var now = Stopwatch.GetTimestamp();
                if (last != 0)
                {
                    intervals.Add(Stopwatch.GetElapsedTime(last, now).TotalMilliseconds);
                }
                last = now;
                if (e.Offset % 50 == 0)
                {
                    var tick = GameTick.Parser.ParseFrom(e.Payload);
                    fullBytes.Add(tick.Full.CalculateSize());
                    if (!tick.Delta.Full)
                    {
                        deltaBytes.Add(tick.Delta.CalculateSize());
                    }
                }
            }, cancellationToken: CancellationToken.None));
            for (var p = 0; p < Players; p++)
            {
                await game.JoinAsync(new Caller($"player{p}", false), new PresenceLease($"{id}-c{p}", $"player{p}"), GameRole.Player);
            }
            games.Add(game);
        }
        var clock = Stopwatch.StartNew();
        var inputs = 0L;
        await Task.WhenAll(games.Select(async (game, index) =>
        {
            var random = new Random(index);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / TickRate));
            for (var sequence = 1L; clock.Elapsed < duration && await timer.WaitForNextTickAsync(); sequence++)
            {
                await Task.WhenAll(Enumerable.Range(0, Players).Select(p =>
                    game.SendInputAsync(new Caller($"player{p}", false), sequence, (random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1)));
                Interlocked.Add(ref inputs, Players);
            }
        }));
        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }
        foreach (var (game, p) in games.SelectMany(g => Enumerable.Range(0, Players).Select(p => (g, p))))
        {
            await game.LeaveAsync($"{game.GetPrimaryKeyString()}-c{p}");
        }
        var jitter = intervals.Select(i => Math.Abs(i - (1000.0 / TickRate))).Order().ToArray();
        var ticksPerSecond = intervals.Count / clock.Elapsed.TotalSeconds / sessions;
        Console.WriteLine(
            $"game-sessions: {sessions,4} sessions × {Players} players at {TickRate} Hz: {ticksPerSecond:F1} ticks/s per session, " +
            $"{inputs / clock.Elapsed.TotalSeconds:N0} inputs/s; tick jitter p50 {P(jitter, 0.5):F2} ms, p99 {P(jitter, 0.99):F2} ms, max {jitter[^1]:F2} ms; " +
            $"state bytes: delta ~{deltaBytes.DefaultIfEmpty().Average():F0}, full ~{fullBytes.DefaultIfEmpty().Average():F0}");
    }

    private static double P(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
