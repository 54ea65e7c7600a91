using Microsoft.AspNetCore.SignalR;

namespace Realtime.Baselines.SignalR;

/// <summary>
/// The SignalR baseline: rooms are groups, a send is broadcast to the group (the sender included), with
/// the same fields as the other servers' messages. No storage, ordering across servers or resume.
/// </summary>
public sealed class ChatHub : Hub
{
    public const string MessageMethod = "message";

    public async Task<string> JoinRoom(string room)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, room);
        return room;
    }

    public Task Send(string room, string sender, string content, long sentAt, long sequence) =>
        Clients.Group(room).SendAsync(MessageMethod, room, sender, content, sentAt, sequence);
}
