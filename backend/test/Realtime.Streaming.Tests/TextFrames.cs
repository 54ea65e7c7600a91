using Realtime.Grains.Abstractions;
using Realtime.Streaming.Outbox;

namespace Realtime.Streaming.Tests;

/// <summary>Frames as short strings, so tests can compare what a stream was sent.</summary>
internal sealed class TextFrames : IStreamFrames<string>
{
    public string Event(Subscription subscription, TopicEvent topicEvent) => topicEvent.IsEphemeral ? "ephemeral" : $"{topicEvent.Offset}";

    public string ContinuityLost(Subscription subscription, ContinuityLoss loss) =>
        $"lost:{loss.Reason}:{loss.Position.Offset}:{string.Join(',', loss.Snapshot.Events.Select(e => e.Offset))}";

    public Task<string?> AfterOverflowAsync(Subscription subscription, CancellationToken cancellationToken) => Task.FromResult<string?>("refresh");
}
