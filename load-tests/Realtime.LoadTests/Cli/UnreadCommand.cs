using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HdrHistogram;
using Realtime.Client;

namespace Realtime.LoadTests.Cli;

/// <summary>
/// "unread": what a user in many rooms pays to learn its unread counts. A reader joins N rooms (100 per
/// stream), a writer posts into each, then the reader's GetUnreadCounts for all N rooms is timed.
/// </summary>
public static class UnreadCommand
{
    private const int RoomsPerStream = 100;

    public static Command Build()
    {
        var target = new Option<string>("--target") { Description = "Native gRPC endpoint", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var web = new Option<string>("--web") { Description = "Web endpoint for development tokens", DefaultValueFactory = _ => "http://127.0.0.1:5081" };
        var rooms = new Option<int>("--rooms") { Description = "Rooms the reader is in (at most 1,000: one GetUnreadCounts call)", DefaultValueFactory = _ => 1_000 };
        var messages = new Option<int>("--messages") { Description = "Messages posted into each room after the reader joined", DefaultValueFactory = _ => 20 };
        var calls = new Option<int>("--calls") { Description = "Timed GetUnreadCounts calls", DefaultValueFactory = _ => 50 };
        var command = new Command("unread", "Times GetUnreadCounts for a reader in many rooms (loopback only)");
        foreach (var option in new Option[] { target, web, rooms, messages, calls })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (result, cancellationToken) =>
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(15));
            var (address, webAddress) = (new Uri(result.GetValue(target)!), new Uri(result.GetValue(web)!));
            var run = Guid.NewGuid().ToString("N")[..8];
            var roomIds = Enumerable.Range(0, Math.Min(result.GetValue(rooms), 1_000)).Select(i => $"unread-{run}-{i}").ToArray();
            await RoomCreation.CreateAsync(address, webAddress, run, roomIds, deadline.Token);
            var readers = await JoinAllAsync(address, webAddress, $"reader-{run}", roomIds, deadline.Token);
            var writers = await JoinAllAsync(address, webAddress, $"writer-{run}", roomIds, deadline.Token);
            foreach (var (client, chunk) in writers.Zip(roomIds.Chunk(RoomsPerStream)))
            {
                for (var m = 0; m < result.GetValue(messages); m++)
                {
                    await Task.WhenAll(chunk.Select(room => client.SendAsync(room, $"message {m}", cancellationToken: deadline.Token)));
                }
            }
            var timings = new LongHistogram(TimeSpan.TicksPerMinute, 3);
            var total = 0L;
            for (var call = 0; call < result.GetValue(calls); call++)
            {
                var clock = Stopwatch.StartNew();
                var counts = await readers[0].GetUnreadCountsAsync(roomIds, deadline.Token);
                timings.RecordValue((long)clock.Elapsed.TotalMicroseconds);
                total = counts.Sum(c => (long)c.UnreadCount);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{roomIds.Length} rooms, {total} unread in all: GetUnreadCounts ms p50 {Ms(timings, 50)} / p90 {Ms(timings, 90)} / p99 {Ms(timings, 99)} / max {timings.GetMaxValue() / 1000.0:F2} over {timings.TotalCount} calls"));
            foreach (var client in readers.Concat(writers))
            {
                await client.DisposeAsync();
            }
            return 0;
        });
        return command;
    }

    /// <summary>One client per hundred rooms (the server's rooms-per-stream limit), each joined to its hundred.</summary>
    private static async Task<ChatClient[]> JoinAllAsync(Uri address, Uri web, string user, string[] roomIds, CancellationToken cancellationToken)
    {
        var token = await DevelopmentTokens.FetchAsync(web, user, cancellationToken);
        return await Task.WhenAll(roomIds.Chunk(RoomsPerStream).Select(async chunk =>
        {
            var client = await ChatClient.ConnectAsync(new RealtimeClientOptions { Address = address, TokenProvider = _ => ValueTask.FromResult(token) }, cancellationToken);
            _ = Task.Run(async () => await client.ReadEventsAsync(cancellationToken).CountAsync(cancellationToken), cancellationToken);
            foreach (var room in chunk)
            {
                await client.JoinAsync(room, cancellationToken);
            }
            return client;
        }));
    }

    private static string Ms(LongHistogram histogram, double percentile) =>
        (histogram.GetValueAtPercentile(percentile) / 1000.0).ToString("F2", CultureInfo.InvariantCulture);
}
