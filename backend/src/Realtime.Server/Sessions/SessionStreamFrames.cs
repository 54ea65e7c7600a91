using Realtime.Grains.Abstractions;
using Realtime.Protos.Session.V1;
using Realtime.Server.Chat;
using Realtime.Server.Documents;
using Realtime.Server.Games;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Sessions;

/// <summary>Topic events as session frames: each topic kind's frame wrapped in the session envelope.</summary>
public sealed class SessionStreamFrames(ChatEventFrames chat, DocumentEventFrames collab, GameEventFrames game) : IStreamFrames<SessionFrame>
{
    public SessionFrame Event(Subscription subscription, TopicEvent topicEvent) => Kind(subscription) switch
    {
        Topics.ChatKind => new() { Chat = chat.Event(subscription, topicEvent) },
        Topics.DocumentKind => new() { Collab = collab.Event(subscription, topicEvent) },
        _ => new() { Game = game.Event(subscription, topicEvent) },
    };

    public SessionFrame ContinuityLost(Subscription subscription, ContinuityLoss loss) => Kind(subscription) switch
    {
        Topics.ChatKind => new() { Chat = chat.ContinuityLost(subscription, loss) },
        Topics.DocumentKind => new() { Collab = collab.ContinuityLost(subscription, loss) },
        _ => new() { Game = game.ContinuityLost(subscription, loss) },
    };

    /// <summary>Only chat has something to refresh after an overflow (its member list).</summary>
    public async Task<SessionFrame?> AfterOverflowAsync(Subscription subscription, CancellationToken cancellationToken) =>
        Kind(subscription) == Topics.ChatKind && await chat.AfterOverflowAsync(subscription, cancellationToken) is { } frame
            ? new SessionFrame { Chat = frame }
            : null;

    private static string Kind(Subscription subscription) => Topics.Parse(subscription.Topic).Kind;
}
