using Realtime.Protos.Chat.V1;
using Realtime.Testing;

namespace Realtime.Client.Tests;

/// <summary>
/// Alice and bob connected to a real server directly, and a reader behind a proxy a test can cut, all in
/// one room: alice's and bob's events are drained, the reader's collected.
/// </summary>
internal sealed class RoomWithReader : IAsyncDisposable
{
    private RoomWithReader(TestServer server, TcpProxy proxy, string room, string readerId, ChatClient alice, ChatClient bob, ChatClient reader)
    {
        (Server, Proxy, Room, ReaderId, Alice, Bob, Reader) = (server, proxy, room, readerId, alice, bob, reader);
        Received = ClientEvents.Collect(reader);
    }

    public TestServer Server { get; }

    public TcpProxy Proxy { get; }

    public string Room { get; }

    public string ReaderId { get; }

    public ChatClient Alice { get; }

    public ChatClient Bob { get; }

    public ChatClient Reader { get; }

    /// <summary>Everything the reader delivered, in order (see <see cref="ClientEvents.Snapshot"/>).</summary>
    public List<ChatServerFrame> Received { get; }

    public static async Task<RoomWithReader> StartAsync()
    {
        var server = await TestServer.StartAsync();
        var proxy = new TcpProxy(server.Ports.Grpc);
        var (room, readerId) = (Ids.Unique("room"), Ids.Unique("reader"));
        var alice = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("alice")));
        var bob = await TestClients.ChatAsync(server.GrpcAddress, server.Token(Ids.Unique("bob")));
        var reader = await TestClients.ChatAsync(proxy.Address, server.Token(readerId));
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        await reader.JoinAsync(room);
        ClientEvents.Drain(alice);
        ClientEvents.Drain(bob);
        return new RoomWithReader(server, proxy, room, readerId, alice, bob, reader);
    }

    /// <summary>Drops the reader's connection once it is connected (a drop while it reconnects would test nothing new).</summary>
    public async Task DropReaderAsync()
    {
        await Eventually.TrueAsync(() => Reader.IsConnected, "the reader to be connected before a drop");
        Proxy.DropAll();
    }

    /// <summary>The reader's frames folded as it would fold them, once the event at <paramref name="lastOffset"/> arrived.</summary>
    public async Task<RoomTimeline> ReaderTimelineAsync(long lastOffset)
    {
        await Eventually.TrueAsync(() => ClientEvents.Snapshot(Received).Any(f => f.Changed?.Offset == lastOffset || f.Message?.Offset == lastOffset), "the last event at the reader");
        var timeline = new RoomTimeline(ReaderId);
        foreach (var frame in ClientEvents.Snapshot(Received))
        {
            timeline.Apply(frame);
        }
        return timeline;
    }

    public async ValueTask DisposeAsync()
    {
        await Reader.DisposeAsync();
        await Bob.DisposeAsync();
        await Alice.DisposeAsync();
        await Proxy.DisposeAsync();
        await Server.DisposeAsync();
    }
}
