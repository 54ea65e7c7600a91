using Realtime.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Chat;
using Realtime.Protos.Chat.V1;
using Realtime.Streaming.Grpc.Wire;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Chat;

/// <summary>Chat topics as frames of a Chat stream. Events are decoded once per silo and shared by every stream.</summary>
public sealed class ChatEventFrames(IGrainFactory grains, IOptions<ChatOptions> options) : IStreamFrames<ChatServerFrame>
{
    public ChatServerFrame Event(Subscription subscription, TopicEvent topicEvent) =>
        topicEvent.DecodedFrame(ChatServerFrame.Parser);

    public ChatServerFrame ContinuityLost(Subscription subscription, ContinuityLoss loss) =>
        new() { ContinuityLost = ChatFrames.ContinuityLost(RoomId(subscription), loss) };

    public async Task<ChatServerFrame?> AfterOverflowAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var roomId = RoomId(subscription);
        var page = await grains.GetGrain<IChatRoomGrain>(roomId).GetMembersAsync("", options.Value.MembersInJoin);
        var snapshot = new PresenceSnapshot { RoomId = roomId, PresentCount = page.PresentCount };
        snapshot.Members.AddRange(page.Members.Select(PresenceFrames.Member));
        return new ChatServerFrame { PresenceSnapshot = snapshot };
    }

    private static string RoomId(Subscription subscription) => Topics.Parse(subscription.Topic).Key;
}
