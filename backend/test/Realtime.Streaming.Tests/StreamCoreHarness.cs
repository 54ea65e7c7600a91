using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Grains.Abstractions;
using Realtime.Streaming.Bus;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Outbox;

namespace Realtime.Streaming.Tests;

/// <summary>A hub on the in-process bus over one fake topic grain, and streams whose writes land in lists.</summary>
internal sealed class StreamCoreHarness : IAsyncDisposable
{
    public const string Topic = "test/t1";
    private readonly List<Task> _writers = [];
    private readonly CancellationTokenSource _stop = new();

    public StreamCoreHarness(StreamingOptions options)
    {
        Options = options;
        Grain = new FakeTopicGrain(Topic);
        // The fake kind ignores the grain factory, so none is needed.
        Resolver = new TopicGrainResolver(null!, [new TopicKind("test", (_, _) => Grain)]);
        Hub = new FanoutHub(Bus, Resolver, Microsoft.Extensions.Options.Options.Create(options), NullLoggerFactory.Instance);
    }

    public StreamingOptions Options { get; }

    public FakeTopicGrain Grain { get; }

    public InProcessEventBus Bus { get; } = new();

    public TopicGrainResolver Resolver { get; }

    public FanoutHub Hub { get; }

    public async Task<(Subscription Subscription, List<string> Written, StreamOutbox<string> Outbox)> OpenAsync(
        long from, Func<Task>? beforeWrite = null, Delivery delivery = Delivery.Lossless)
    {
        var written = new List<string>();
        var outbox = new StreamOutbox<string>(new TextFrames(), Resolver, Options, NullLogger.Instance);
        var subscription = new Subscription(Topic, new PresenceLease("c", "u"), outbox, new StreamPosition(Grain.Epoch, from), delivery);
        await Hub.SubscribeAsync(subscription, CancellationToken.None);
        await outbox.StartAsync(subscription, "start", CancellationToken.None);
        _writers.Add(outbox.RunAsync(async (frame, _) =>
        {
            if (beforeWrite is not null)
            {
                await beforeWrite();
            }
            lock (written)
            {
                written.Add(frame);
            }
        }, _stop.Token));
        return (subscription, written, outbox);
    }

    public async Task PublishAsync(TopicEvent topicEvent) => await Bus.PublishAsync(topicEvent, CancellationToken.None);

    public static async Task<List<string>> WaitForAsync(List<string> written, Func<List<string>, bool> done, string expectation)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            List<string> snapshot;
            lock (written)
            {
                snapshot = [.. written];
            }
            if (done(snapshot))
            {
                return snapshot;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{expectation}; written so far: {string.Join(' ', snapshot)}");
            }
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var writer in _writers)
        {
            try
            {
                await writer;
            }
            catch (OperationCanceledException)
            {
                // Stopped by the harness.
            }
        }
        await Hub.DisposeAsync();
        _stop.Dispose();
    }
}
