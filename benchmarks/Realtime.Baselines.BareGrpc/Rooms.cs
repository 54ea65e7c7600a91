using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using Realtime.Baselines.V1;

namespace Realtime.Baselines.BareGrpc;

/// <summary>Who is in which room: each member is a stream's bounded queue; a broadcast offers to every queue and never waits.</summary>
public sealed class Rooms
{
    private readonly ConcurrentDictionary<string, ImmutableArray<ChannelWriter<ServerFrame>>> _members = new(StringComparer.Ordinal);

    public void Join(string room, ChannelWriter<ServerFrame> member) =>
        _members.AddOrUpdate(room, _ => [member], (_, members) => members.Add(member));

    public void Leave(string room, ChannelWriter<ServerFrame> member) =>
        _members.AddOrUpdate(room, _ => [], (_, members) => members.Remove(member));

    /// <summary>One frame object for every member (serialized per stream by the transport); a full queue drops it.</summary>
    public void Broadcast(Send message)
    {
        var frame = new ServerFrame { Message = message };
        foreach (var member in _members.GetValueOrDefault(message.Room, []))
        {
            member.TryWrite(frame);
        }
    }
}
