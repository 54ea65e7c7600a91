using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using HdrHistogram;
using Realtime.Client;
using Realtime.LoadTests.Measure;

namespace Realtime.LoadTests.Cli;

/// <summary>
/// "publish": the server API under load, as an application's backend drives it. Publishes at a fixed rate (open loop:
/// latency counts from when each publish was due) round-robin over N rooms, one message per call or in batches, and
/// reports throughput, latency, the server's CPU per stored message, and what a webhook endpoint on this machine received.
/// </summary>
public static class PublishCommand
{
    public static Command Build()
    {
        var target = new Option<string>("--target") { Description = "Native gRPC endpoint", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var web = new Option<string>("--web") { Description = "Web endpoint for development tokens (creating the rooms)", DefaultValueFactory = _ => "http://127.0.0.1:5081" };
        var apiKey = new Option<string>("--api-key") { Description = "KEY_ID.SECRET with the publish scope", DefaultValueFactory = _ => "dev.development-only-secret" };
        var rooms = new Option<int>("--rooms") { DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--rate") { Description = "Messages per second, over all rooms", DefaultValueFactory = _ => 1000 };
        var batch = new Option<int>("--batch") { Description = "Messages per call: 1 uses PublishMessage, more PublishMessages", DefaultValueFactory = _ => 1 };
        var warmUp = new Option<double>("--warm-up") { DefaultValueFactory = _ => 3 };
        var duration = new Option<double>("--duration") { DefaultValueFactory = _ => 10 };
        var serverPid = new Option<int[]>("--server-pid") { Description = "Server process id(s), for CPU per message", AllowMultipleArgumentsPerToken = true };
        var webhookPort = new Option<int>("--webhook-port") { Description = "Listen here as a webhook endpoint (configure the server's Webhooks:Endpoints to http://127.0.0.1:PORT/); 0 = none" };
        var command = new Command("publish", "The server API under load: publish rate, latency and CPU per message, and webhook deliveries (loopback only)");
        foreach (var option in new Option[] { target, web, apiKey, rooms, rate, batch, warmUp, duration, serverPid, webhookPort })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (result, cancellationToken) =>
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(15));
            var roomIds = await CreateRoomsAsync(new Uri(result.GetValue(target)!), new Uri(result.GetValue(web)!), result.GetValue(rooms), deadline.Token);
            using var webhooks = result.GetValue(webhookPort) is > 0 and var port ? new WebhookCounter(port) : null;
            using var api = new ServerApiClient(new Uri(result.GetValue(target)!), result.GetValue(apiKey)!);
            var probe = new ServerProbe(result.GetValue(serverPid) ?? []);
            var run = new PublishRun(api, roomIds, result.GetValue(rate), Math.Max(1, result.GetValue(batch)));
            await run.RunAsync(TimeSpan.FromSeconds(result.GetValue(warmUp)), deadline.Token);
            var (cpuBefore, eventsBefore) = (probe.Enabled ? probe.CpuTime() : TimeSpan.Zero, webhooks?.Events ?? 0);
            var measured = await run.RunAsync(TimeSpan.FromSeconds(result.GetValue(duration)), deadline.Token);
            // Deliveries of the measured messages still on their way.
            await Task.Delay(TimeSpan.FromSeconds(2), deadline.Token);
            var cpu = probe.Enabled ? (probe.CpuTime() - cpuBefore).TotalMicroseconds / Math.Max(1, measured.Stored) : double.NaN;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{roomIds.Length} rooms, batch {run.Batch}: {measured.Stored / measured.Seconds:F0} msgs/s stored ({measured.Refused} refused), call ms p50 {Ms(measured.Latency, 50)} / p99 {Ms(measured.Latency, 99)} / max {measured.Latency.GetMaxValue() / 1000.0:F2}; server CPU {cpu:F1} µs per message"));
            if (webhooks is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"webhook: {(webhooks.Events - eventsBefore) / measured.Seconds:F0} events/s received in {webhooks.Deliveries} deliveries; lag from storing ms p50 {webhooks.Lag.GetValueAtPercentile(50)} / p99 {webhooks.Lag.GetValueAtPercentile(99)}"));
            }
            return 0;
        });
        return command;
    }

    private static async Task<string[]> CreateRoomsAsync(Uri target, Uri web, int count, CancellationToken cancellationToken)
    {
        var run = $"pub-{Guid.NewGuid():N}"[..12];
        var ids = Enumerable.Range(0, count).Select(i => $"{run}-{i}").ToArray();
        await RoomCreation.CreateAsync(target, web, run, ids, cancellationToken);
        return ids;
    }

    private static string Ms(LongHistogram histogram, double percentile) =>
        (histogram.GetValueAtPercentile(percentile) / 1000.0).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>One phase of publishing: calls due at the rate, each timed from when it was due.</summary>
    private sealed class PublishRun(ServerApiClient api, string[] rooms, double rate, int batch)
    {
        private long _sequence;

        public int Batch => batch;

        public async Task<(long Stored, long Refused, double Seconds, LongHistogram Latency)> RunAsync(TimeSpan length, CancellationToken cancellationToken)
        {
            var latency = new LongHistogram(TimeSpan.TicksPerMinute, 3);
            long stored = 0, refused = 0;
            var calls = new List<Task>();
            var interval = TimeSpan.FromSeconds(batch / rate);
            var clock = Stopwatch.StartNew();
            for (var due = TimeSpan.Zero; due < length; due += interval)
            {
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken);
                }
                var dueAt = due;
                calls.Add(Task.Run(async () =>
                {
                    var (ok, failed) = await CallAsync(cancellationToken);
                    Interlocked.Add(ref stored, ok);
                    Interlocked.Add(ref refused, failed);
                    lock (latency)
                    {
                        latency.RecordValue(Math.Max(0, (long)(clock.Elapsed - dueAt).TotalMicroseconds));
                    }
                }, cancellationToken));
            }
            await Task.WhenAll(calls);
            return (stored, refused, length.TotalSeconds, latency);
        }

        private async Task<(long Stored, long Refused)> CallAsync(CancellationToken cancellationToken)
        {
            var first = Interlocked.Add(ref _sequence, batch) - batch;
            var requests = Enumerable.Range(0, batch).Select(i => first + i).Select(n => new Protos.Server.V1.PublishMessageRequest
            {
                Send = new Protos.Chat.V1.SendMessage { RoomId = rooms[n % rooms.Length], ClientMessageId = $"p{n}", Content = $"published {n}" },
            }).ToArray();
            try
            {
                if (batch == 1)
                {
                    await api.PublishAsync(requests[0].Send, cancellationToken: cancellationToken);
                    return (1, 0);
                }
                var outcomes = await api.PublishManyAsync(requests, cancellationToken);
                var ok = outcomes.Count(o => o.OutcomeCase == Protos.Server.V1.PublishOutcome.OutcomeOneofCase.Ack);
                return (ok, outcomes.Count - ok);
            }
            catch (RpcException)
            {
                return (0, batch);
            }
        }
    }
}
