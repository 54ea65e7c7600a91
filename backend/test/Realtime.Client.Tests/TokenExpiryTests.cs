using Realtime.Testing;

namespace Realtime.Client.Tests;

public sealed class TokenExpiryTests
{
    [Fact]
    public async Task Streams_outliving_their_tokens_reconnect_with_fresh_ones_and_miss_nothing()
    {
        // Every token lives 2 s and a stream 1 s longer: over ~6 s each client reconnects at least twice.
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:DevelopmentTokenLifetime"] = "00:00:02",
            ["Auth:StreamExpiryGrace"] = "00:00:01",
        });
        var room = Ids.Unique("room");
        var (readerId, senderId) = (Ids.Unique("reader"), Ids.Unique("sender"));
        var tokensIssued = 0;
        await using var reader = await ChatClient.ConnectAsync(new RealtimeClientOptions
        {
            Address = server.GrpcAddress,
            TokenProvider = _ =>
            {
                Interlocked.Increment(ref tokensIssued);
                return ValueTask.FromResult(server.Token(readerId));
            },
        });
        await using var sender = await ChatClient.ConnectAsync(new RealtimeClientOptions
        {
            Address = server.GrpcAddress,
            TokenProvider = _ => ValueTask.FromResult(server.Token(senderId)),
        });
        await reader.JoinAsync(room);
        await sender.JoinAsync(room);
        var received = ClientEvents.Collect(reader);

        for (var i = 1; i <= 40; i++)
        {
            await sender.SendAsync(room, $"m{i}");
            await Task.Delay(150);
        }

        var messages = await Eventually.ValueAsync(() => ClientEvents.Messages(received) is { Count: >= 40 } m ? m : null, "40 messages at the reader");
        Assert.Equal(Enumerable.Range(1, 40).Select(i => $"m{i}"), messages.Select(m => m.Content));
        Assert.True(reader.Connections >= 3, $"the reader reconnected {reader.Connections - 1} times");
        Assert.True(Volatile.Read(ref tokensIssued) >= 3);
    }
}
