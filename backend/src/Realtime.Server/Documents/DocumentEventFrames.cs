using Realtime.Grains.Abstractions;
using Realtime.Protos.Collab.V1;
using Realtime.Streaming.Grpc.Wire;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Documents;

/// <summary>Document topics as frames of a Collaborate stream. Events are decoded once per silo and shared by every stream.</summary>
public sealed class DocumentEventFrames : IStreamFrames<CollabServerFrame>
{
    public CollabServerFrame Event(Subscription subscription, TopicEvent topicEvent) =>
        topicEvent.DecodedFrame(CollabServerFrame.Parser);

    public CollabServerFrame ContinuityLost(Subscription subscription, ContinuityLoss loss) =>
        new() { ContinuityLost = DocumentFrames.ContinuityLost(Topics.Parse(subscription.Topic).Key, loss) };

    /// <summary>Edits are never skipped, and cursors and presence refresh themselves with the next change.</summary>
    public Task<CollabServerFrame?> AfterOverflowAsync(Subscription subscription, CancellationToken cancellationToken) =>
        Task.FromResult<CollabServerFrame?>(null);
}
