using Realtime.Grains.Abstractions;
using Realtime.Protos.Session.V1;
using Realtime.Server.Chat;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Sessions;

/// <summary>Topic events as session frames: each topic kind's frame wrapped in the session envelope.</summary>
public sealed class SessionStreamFrames(ChatStreamFrames chat) : IStreamFrames<SessionFrame>
{
    public SessionFrame Event(Subscription subscription, TopicEvent topicEvent) => new() { Chat = chat.Event(subscription, topicEvent) };

    public SessionFrame ContinuityLost(Subscription subscription, ContinuityLoss loss) => new() { Chat = chat.ContinuityLost(subscription, loss) };

    public async Task<SessionFrame?> AfterOverflowAsync(Subscription subscription, CancellationToken cancellationToken) =>
        await chat.AfterOverflowAsync(subscription, cancellationToken) is { } frame ? new SessionFrame { Chat = frame } : null;
}
