using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;

namespace Realtime.Grains.Tests;

/// <summary>The callers of the chat grain tests, and a new public room for each test, owned by alice.</summary>
internal static class ChatRooms
{
    public static readonly Caller Alice = new("alice", false);
    public static readonly Caller Bob = new("bob", false);
    public static readonly Caller Carol = new("carol", false);

    public static async Task<IChatRoomGrain> OwnedByAliceAsync(SiloFixture silo)
    {
        var room = silo.Grains.GetGrain<IChatRoomGrain>($"room-{Guid.NewGuid():N}");
        await room.CreateAsync("t", "alice", TopicAccess.Public("alice"));
        return room;
    }
}
