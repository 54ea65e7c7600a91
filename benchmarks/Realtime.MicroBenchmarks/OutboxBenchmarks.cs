using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Grains.Abstractions;
using Realtime.Streaming;
using Realtime.Streaming.Outbox;

namespace Realtime.MicroBenchmarks;

/// <summary>
/// One stream's outbox: the topic feed offers a burst of live events, then the writer loop drains them
/// into a writer that only counts (frames held and flushed as on a real stream). Per operation: one
/// burst. The drain starts after the offers, so the figure is the work of both, not a thread-pool hop.
/// </summary>
[MemoryDiagnoser]
public class OutboxBenchmarks
{
    private static readonly TopicGrainResolver NoGrains = new(null!, []);

    private TopicEvent[] _events = [];

    [Params(1, 64)]
    public int Burst { get; set; }

    [GlobalSetup]
    public void SetUp() =>
        _events = [.. Enumerable.Range(1, Burst).Select(i => new TopicEvent { Topic = "chat/lobby", Epoch = "e", Offset = i, Payload = [] })];

    [Benchmark]
    public async Task<int> OfferAndDrain()
    {
        var outbox = new StreamOutbox<TopicEvent>(new EventsAsFrames(), NoGrains, new StreamingOptions { OutboxCapacity = Burst }, NullLogger.Instance);
        var subscription = new Subscription("chat/lobby", new PresenceLease("c", "u"), outbox, new StreamPosition("e", 0));
        foreach (var topicEvent in _events)
        {
            outbox.TryEnqueue(subscription, topicEvent);
        }
        outbox.Complete(null);
        var written = 0;
        await outbox.RunAsync((_, _) => { written++; return Task.CompletedTask; }, CancellationToken.None);
        return written;
    }

    private sealed class EventsAsFrames : IStreamFrames<TopicEvent>
    {
        public TopicEvent Event(Subscription subscription, TopicEvent topicEvent) => topicEvent;

        public TopicEvent ContinuityLost(Subscription subscription, ContinuityLoss loss) => throw new NotSupportedException();

        public Task<TopicEvent?> AfterOverflowAsync(Subscription subscription, CancellationToken cancellationToken) => Task.FromResult<TopicEvent?>(null);
    }
}
