using Grpc.Core;
using Realtime.Testing;

namespace Realtime.Server.Tests;

[Trait("Tier", "integration")]
public sealed class StreamExpiryTests
{
    [Fact]
    public async Task A_stream_ends_Unauthenticated_once_its_token_and_the_grace_have_run_out()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:DevelopmentTokenLifetime"] = "00:00:02",
            ["Auth:StreamExpiryGrace"] = "00:00:01",
        });
        var room = Ids.Unique("room");
        await using var stream = ChatStream.Open(server.NativeChannel(), server.Token(Ids.Unique("u")));
        var opened = DateTimeOffset.UtcNow;
        await stream.JoinAsync(room);
        await stream.SendAsync(room, "while the token is good");
        await stream.MessagesAsync(room, 1);

        await Eventually.TrueAsync(() => stream.Ended, "the stream to end", TimeSpan.FromSeconds(20));

        Assert.Equal(StatusCode.Unauthenticated, stream.Failure?.StatusCode);
        Assert.Contains("expired", stream.Failure!.Status.Detail, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - opened >= TimeSpan.FromSeconds(1.5), "ended before the token and grace ran out");
    }
}
