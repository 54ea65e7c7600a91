using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using HdrHistogram;
using Realtime.Client;

namespace Realtime.LoadTests.Cli;

/// <summary>
/// "history": what folding costs a reader. Fills one room with messages, edits and reactions, then pages
/// through its whole history (ListMessages, each message in its current state) and times every page.
/// </summary>
public static class HistoryCommand
{
    public static Command Build()
    {
        var target = new Option<string>("--target") { Description = "Native gRPC endpoint", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var web = new Option<string>("--web") { Description = "Web endpoint for development tokens", DefaultValueFactory = _ => "http://127.0.0.1:5081" };
        var messages = new Option<int>("--messages") { DefaultValueFactory = _ => 10_000 };
        var edits = new Option<int>("--edits") { Description = "Edits, each of a random message", DefaultValueFactory = _ => 3_000 };
        var reactions = new Option<int>("--reactions") { Description = "Reactions, each on a random message", DefaultValueFactory = _ => 3_000 };
        var passes = new Option<int>("--passes") { Description = "Times the whole history is paged through", DefaultValueFactory = _ => 3 };
        var command = new Command("history", "Fills a room with messages, edits and reactions, then times ListMessages pages through all of it (loopback only)");
        foreach (var option in new Option[] { target, web, messages, edits, reactions, passes })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (result, cancellationToken) =>
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(15));
            var webAddress = new Uri(result.GetValue(web)!);
            await using var client = await ChatClient.ConnectAsync(new RealtimeClientOptions
            {
                Address = new Uri(result.GetValue(target)!),
                TokenProvider = ct => new ValueTask<string>(DevelopmentTokens.FetchAsync(webAddress, "history-writer", ct)),
            }, deadline.Token);
            _ = Task.Run(async () => await client.ReadEventsAsync(deadline.Token).CountAsync(deadline.Token), deadline.Token);
            var room = $"history-{Guid.NewGuid():N}"[..20];
            await client.JoinAsync(room, deadline.Token);
            var offsets = await FillAsync(client, room, result.GetValue(messages), result.GetValue(edits), result.GetValue(reactions), deadline.Token);
            var pages = new LongHistogram(TimeSpan.TicksPerMinute, 3);
            for (var pass = 0; pass < result.GetValue(passes); pass++)
            {
                var token = "";
                do
                {
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        var page = await client.ListMessagesAsync(room, 100, token, deadline.Token);
                        pages.RecordValue((long)clock.Elapsed.TotalMicroseconds);
                        token = page.NextPageToken;
                    }
                    catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                    {
                        // The server's per-user limit on unary calls (Limits:UnaryCallsPerSecondPerUser): the same page again, untimed.
                        await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
                    }
                }
                while (token.Length > 0);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"room {room}: {offsets} events; {pages.TotalCount} pages of 100 messages; page ms p50 {Ms(pages, 50)} / p90 {Ms(pages, 90)} / p99 {Ms(pages, 99)} / max {pages.GetMaxValue() / 1000.0:F2}"));
            return 0;
        });
        return command;
    }

    /// <summary>Sends, edits and reactions in concurrent batches; returns the room's last offset.</summary>
    private static async Task<long> FillAsync(ChatClient client, string room, int messages, int edits, int reactions, CancellationToken cancellationToken)
    {
        const int Batch = 256;
        var random = new Random(1);
        var sent = new List<long>(messages);
        long last = 0;
        for (var i = 0; i < messages; i += Batch)
        {
            var acks = await Task.WhenAll(Enumerable.Range(i, Math.Min(Batch, messages - i)).Select(n => client.SendAsync(room, $"message {n}", cancellationToken: cancellationToken)));
            sent.AddRange(acks.Select(a => a.Offset));
            last = acks.Max(a => a.Offset);
        }
        for (var i = 0; i < edits + reactions; i += Batch)
        {
            var changes = await Task.WhenAll(Enumerable.Range(i, Math.Min(Batch, edits + reactions - i)).Select(n =>
            {
                var offset = sent[random.Next(sent.Count)];
                return n < edits
                    ? client.EditAsync(room, offset, $"edit {n}", cancellationToken: cancellationToken)
                    : client.ReactAsync(room, offset, n % 2 == 0 ? "👍" : "🎉", cancellationToken: cancellationToken);
            }));
            last = Math.Max(last, changes.Max(c => c.Offset));
        }
        return last;
    }

    private static string Ms(LongHistogram histogram, double percentile) =>
        (histogram.GetValueAtPercentile(percentile) / 1000.0).ToString("F2", CultureInfo.InvariantCulture);
}
