using Grpc.Net.Client;
using Realtime.Client;
using Realtime.Protos.Admin.V1;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>Message changes on two silos (real processes on one Redis): one order everywhere, and a fold that survives its silo's death.</summary>
[Trait("Tier", "cluster")]
public sealed class MessageChangeClusterTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [Fact]
    public async Task Changes_and_sends_from_two_silos_reach_every_reader_in_one_order_and_history_folds_the_same_after_the_rooms_silo_dies()
    {
        var settings = ProcessCluster.Settings(redis);
        var room = Ids.Unique("room");
        var (aliceId, bobId, readerId) = (Ids.Unique("alice"), Ids.Unique("bob"), Ids.Unique("reader"));
        await using var first = await ServerProcess.StartAsync(settings);
        await using var second = await ServerProcess.StartAsync(settings);
        // Each proxy prefers one silo and fails over to the other, as a balancer with health checks would.
        await using var towardFirst = new TcpProxy(first.Ports.Grpc, second.Ports.Grpc);
        await using var towardSecond = new TcpProxy(second.Ports.Grpc, first.Ports.Grpc);
        await using var alice = await ProcessCluster.ConnectAsync(towardFirst.Address, first.WebAddress, aliceId);
        await using var bob = await ProcessCluster.ConnectAsync(towardSecond.Address, first.WebAddress, bobId);
        await using var nearReader = await ProcessCluster.ConnectAsync(towardFirst.Address, first.WebAddress, readerId);
        await using var farReader = await ProcessCluster.ConnectAsync(towardSecond.Address, first.WebAddress, readerId);
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        await nearReader.JoinAsync(room);
        await farReader.JoinAsync(room);
        ClientEvents.Drain(alice);
        ClientEvents.Drain(bob);
        var near = ClientEvents.Collect(nearReader);
        var far = ClientEvents.Collect(farReader);
        var roomSilo = await HostOfAsync(first, room);
        var doomed = new[] { first, second }.Single(silo => roomSilo.StartsWith($"127.0.0.1:{silo.Ports.Silo}@", StringComparison.Ordinal));

        long last = 0;
        var offsets = new List<long>();
        for (var i = 1; i <= 24; i++)
        {
            var sent = sendAndChange(i);
            if (i == 12)
            {
                // The room's silo dies with the fold's last second unwritten: the room's next activation,
                // on the other silo, folds those changes in from the log.
                doomed.Kill();
            }
            await sent;
        }

        await Eventually.TrueAsync(() => Seen(near, last) && Seen(far, last), "the last change at both readers", TimeSpan.FromSeconds(60));
        var nearFrames = Stored(ClientEvents.Snapshot(near));
        var farFrames = Stored(ClientEvents.Snapshot(far));
        var history = await farReader.ListMessagesAsync(room, 100);

        Assert.Equal(Enumerable.Range(1, (int)last).Select(o => (long)o), nearFrames.Select(Offset));
        Assert.Equal(nearFrames, farFrames);
        Assert.Equal(history.Messages.Reverse().Select(Folded), Fold(nearFrames, readerId).Select(Folded));
        Assert.Equal(4, history.Messages.Count(m => m.Deleted));
        Assert.Equal(8, history.Messages.Count(m => m.EditedAt is not null));

        async Task sendAndChange(int i)
        {
            var sent = await alice.SendAsync(room, $"m{i}");
            offsets.Add(sent.Offset);
            last = sent.Offset;
            if (i > 1)
            {
                var previous = offsets[^2];
                var reactions = await Task.WhenAll(bob.ReactAsync(room, previous, "👍"), farReader.ReactAsync(room, previous, "👍"), alice.ReactAsync(room, previous, "🎉"));
                last = reactions.Max(r => r.Offset);
                if (i % 6 == 0)
                {
                    last = (await alice.DeleteAsync(room, previous)).Offset;
                }
            }
            if (i % 3 == 0)
            {
                last = (await alice.EditAsync(room, sent.Offset, $"m{i}, edited")).Offset;
            }
        }
    }

    /// <summary>The Orleans address of the silo whose grain owns the room, as the admin API tells it.</summary>
    private static async Task<string> HostOfAsync(ServerProcess silo, string room)
    {
        using var channel = GrpcChannel.ForAddress(silo.GrpcAddress);
        var token = await DevelopmentTokens.FetchAsync(silo.WebAddress, Ids.Unique("operator"), ["admin"]);
        var topic = await new AdminService.AdminServiceClient(channel).InspectTopicAsync(
            new InspectTopicRequest { Kind = TopicKind.ChatRoom, Id = room }, new Grpc.Core.Metadata { { "authorization", $"Bearer {token}" } });
        return topic.Silo;
    }

    private static bool Seen(List<ChatServerFrame> frames, long offset) => ClientEvents.Snapshot(frames).Any(f => Offset(f) == offset);

    private static long Offset(ChatServerFrame frame) => frame.Message?.Offset ?? frame.Changed?.Offset ?? 0;

    /// <summary>What the room stored, as a reader received it (presence and typing left out).</summary>
    private static List<ChatServerFrame> Stored(List<ChatServerFrame> frames) => [.. frames.Where(f => Offset(f) > 0)];

    private static IEnumerable<ChatMessage> Fold(List<ChatServerFrame> frames, string viewerId)
    {
        var timeline = new RoomTimeline(viewerId);
        frames.ForEach(timeline.Apply);
        return timeline.Messages;
    }

    private static string Folded(ChatMessage message) =>
        $"{message.Offset} '{message.Content}' deleted={message.Deleted} edited={message.EditedAt is not null} "
        + string.Join(",", message.Reactions.Select(r => $"{r.Emoji}{r.Count}{(r.Mine ? "*" : "")}"));
}
