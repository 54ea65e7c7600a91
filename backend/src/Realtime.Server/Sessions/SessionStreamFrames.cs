using Realtime.Grains.Abstractions;
using Realtime.Protos.Session.V1;
using Realtime.Server.Chat;
using Realtime.Server.Collab;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Sessions;

/// <summary>Topic events as session frames: each topic kind's frame wrapped in the session envelope.</summary>
public sealed class SessionStreamFrames(ChatStreamFrames chat, CollabStreamFrames collab) : IStreamFrames<SessionFrame>
{
    public SessionFrame Event(Subscription subscription, TopicEvent topicEvent) => IsChat(subscription)
        ? new() { Chat = chat.Event(subscription, topicEvent) }
        : new() { Collab = collab.Event(subscription, topicEvent) };

    public SessionFrame ContinuityLost(Subscription subscription, ContinuityLoss loss) => IsChat(subscription)
        ? new() { Chat = chat.ContinuityLost(subscription, loss) }
        : new() { Collab = collab.ContinuityLost(subscription, loss) };

    public async Task<SessionFrame?> AfterOverflowAsync(Subscription subscription, CancellationToken cancellationToken) => IsChat(subscription)
        ? await chat.AfterOverflowAsync(subscription, cancellationToken) is { } chatFrame ? new SessionFrame { Chat = chatFrame } : null
        : await collab.AfterOverflowAsync(subscription, cancellationToken) is { } collabFrame ? new SessionFrame { Collab = collabFrame } : null;

    private static bool IsChat(Subscription subscription) => Topics.Parse(subscription.Topic).Kind == Topics.ChatKind;
}
