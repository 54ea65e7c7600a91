using Realtime.Testing;

namespace Realtime.Client.Tests;

[Trait("Tier", "integration")]
public sealed class TokenExpiryTests
{
    [Fact]
    public async Task Streams_outliving_their_tokens_reconnect_with_fresh_ones_and_miss_nothing()
    {
        // Every token lives 2 s and a stream 1 s longer: messages flow until the reader has had to reconnect twice.
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

        var sent = 0;
        while (reader.Connections < 3 || sent < 20)
        {
            Assert.True(sent < 1_000, "the reader never had to reconnect for a fresh token");
            await sender.SendAsync(room, $"m{++sent}");
            await Task.Delay(50);
        }

        var messages = await Eventually.ValueAsync(() => ClientEvents.Messages(received) is { } m && m.Count >= sent ? m : null, $"{sent} messages at the reader");
        Assert.Equal(Enumerable.Range(1, sent).Select(i => $"m{i}"), messages.Select(m => m.Content));
        Assert.True(Volatile.Read(ref tokensIssued) >= 3);
    }
}
