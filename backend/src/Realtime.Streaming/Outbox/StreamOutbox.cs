using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Realtime.Grains.Abstractions;
using Realtime.Streaming.Telemetry;

namespace Realtime.Streaming.Outbox;

/// <summary>
/// The single writer of one response stream. Producers (topic feeds, command handlers) only enqueue
/// into one bounded queue (<see cref="OutboxQueue{T}"/>); <see cref="RunAsync"/> is the one loop that writes. Topic events never
/// wait for space: a subscription whose event does not fit switches to catch-up, and this loop pages
/// its events from the owning grain's history, so a slow client costs bounded memory and never slows
/// the hub. Frames from commands (acks, errors) do wait for space, which backs up the client's own
/// command stream rather than dropping its answers.
/// </summary>
public sealed partial class StreamOutbox<TFrame> : IOutbox where TFrame : class
{
    private readonly OutboxQueue<OutboxItem<TFrame>> _queue;
    private readonly IStreamFrames<TFrame> _frames;
    private readonly TopicGrainResolver _grains;
    private readonly StreamingOptions _options;
    private readonly ILogger _logger;
    private Func<TFrame>? _lastFrame;

    // Most streams never overflow and never join a latest-wins topic: these are created on first use.
    private ConcurrentQueue<Subscription>? _catchUps;
    private ConcurrentQueue<Subscription>? _latestReady;
    private volatile bool _completing;

    /// <summary>Deliveries written by the writer loop (its own), for sampling their fan-out latency.</summary>
    private long _deliveries;

    public StreamOutbox(IStreamFrames<TFrame> frames, TopicGrainResolver grains, StreamingOptions options, ILogger logger)
    {
        _frames = frames;
        _grains = grains;
        _options = options;
        _logger = logger;
        _queue = new OutboxQueue<OutboxItem<TFrame>>(options.OutboxCapacity);
    }

    public bool TryEnqueue(Subscription subscription, TopicEvent topicEvent) =>
        _queue.TryWrite(new OutboxItem<TFrame>(subscription, topicEvent, null));

    public void RequestCatchUp(Subscription subscription)
    {
        LazyInitializer.EnsureInitialized(ref _catchUps).Enqueue(subscription);
        // A full queue means the writer is busy and will look at catch-ups before it idles.
        _queue.TryWrite(default);
    }

    public void RequestLatest(Subscription subscription)
    {
        LazyInitializer.EnsureInitialized(ref _latestReady).Enqueue(subscription);
        _queue.TryWrite(default);
    }

    /// <summary>Queues a frame, waiting for space. Throws <see cref="ChannelClosedException"/> once the stream is closing.</summary>
    public ValueTask EnqueueAsync(TFrame frame, CancellationToken cancellationToken) =>
        _queue.WriteAsync(new OutboxItem<TFrame>(null, null, frame), cancellationToken);

    /// <summary>Queues the first frame of a new subscription; once written, the subscription is caught up from its start point.</summary>
    public ValueTask StartAsync(Subscription subscription, TFrame firstFrame, CancellationToken cancellationToken) =>
        _queue.WriteAsync(new OutboxItem<TFrame>(subscription, null, firstFrame), cancellationToken);

    /// <summary>
    /// Stops accepting frames; the writer sends what is queued, then <paramref name="lastFrame"/>
    /// (built after the drain, so it can carry final resume points), then ends.
    /// </summary>
    public void Complete(Func<TFrame>? lastFrame)
    {
        Volatile.Write(ref _lastFrame, lastFrame);
        _completing = true;
        _queue.Complete();
    }

    /// <summary>
    /// Writes until the outbox is completed or <paramref name="cancellationToken"/> fires.
    /// <paramref name="write"/> gets true as a buffer hint (more frames follow, do not flush yet).
    /// </summary>
    public async Task RunAsync(Func<TFrame, bool, Task> write, CancellationToken cancellationToken)
    {
        var output = new FlushBatcher<TFrame>(write, _options.CatchUpPageSize);
        while (true)
        {
            // A closing stream only flushes what is queued; its reconnect hint says where to resume.
            while (!_completing && Volatile.Read(ref _catchUps) is { } catchUps && catchUps.TryDequeue(out var pending))
            {
                await CatchUpAsync(pending, output, cancellationToken);
            }
            while (!_completing && Volatile.Read(ref _latestReady) is { } latestReady && latestReady.TryDequeue(out var ready))
            {
                if (ready.TakeLatest() is { } latest)
                {
                    await WriteEventAsync(ready, latest, output);
                }
            }
            if (!_queue.TryRead(out var item))
            {
                await output.FlushAsync();
                if (!await _queue.WaitToReadAsync(cancellationToken))
                {
                    break;
                }
                continue;
            }
            await WriteItemAsync(item, output, cancellationToken);
        }
        if (Volatile.Read(ref _lastFrame) is { } lastFrame)
        {
            await output.WriteAsync(lastFrame());
        }
        await output.FlushAsync();
    }

    private async Task WriteItemAsync(OutboxItem<TFrame> item, FlushBatcher<TFrame> output, CancellationToken cancellationToken)
    {
        var subscription = item.Subscription;
        if (item.Event is { } topicEvent && subscription is not null)
        {
            await WriteEventAsync(subscription, topicEvent, output);
            return;
        }
        if (item.Frame is { } frame)
        {
            await output.WriteAsync(frame);
            if (subscription is not null && !_completing)
            {
                await CatchUpAsync(subscription, output, cancellationToken);
            }
        }
    }

    private async Task WriteEventAsync(Subscription subscription, TopicEvent topicEvent, FlushBatcher<TFrame> output)
    {
        if (subscription.IsClosed || (!topicEvent.IsEphemeral && topicEvent.Offset <= subscription.LastSent))
        {
            return;
        }
        await output.WriteAsync(_frames.Event(subscription, topicEvent));
        if (++_deliveries % StreamingTelemetry.FanoutSampling == 0)
        {
            StreamingTelemetry.FanoutDelivered(subscription.Kind, topicEvent);
        }
        if (!topicEvent.IsEphemeral)
        {
            subscription.MarkSent(topicEvent.Offset);
        }
    }

    private async Task CatchUpAsync(Subscription subscription, FlushBatcher<TFrame> output, CancellationToken cancellationToken)
    {
        if (subscription.IsClosed || !subscription.IsCatchingUp)
        {
            return;
        }
        StreamingTelemetry.CaughtUp(subscription.Kind);
        var grain = _grains.Resolve(subscription.Topic);
        var pageSize = _options.CatchUpPageSize;
        bool overflowed;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (subscription.IsClosed)
            {
                return;
            }
            var page = await grain.ReadAfterAsync(subscription.LastSent, pageSize, cancellationToken);
            if (ContinuityLoss.Check(subscription.Epoch, subscription.LastSent, page) is { } reason)
            {
                var loss = new ContinuityLoss(reason, await grain.ReadSnapshotAsync(_options.SnapshotSize, cancellationToken));
                LogContinuityLost(subscription.Topic, reason, subscription.LastSent, page.Epoch, page.FirstOffset, page.LastOffset);
                subscription.Rebase(loss.Position);
                await output.WriteAsync(_frames.ContinuityLost(subscription, loss));
                continue;
            }
            foreach (var topicEvent in page.Events)
            {
                if (topicEvent.Offset > subscription.LastSent)
                {
                    await output.WriteAsync(_frames.Event(subscription, topicEvent));
                    subscription.MarkSent(topicEvent.Offset);
                }
            }
            // One flush per page: what a catch-up buffers is bounded by the page size.
            await output.FlushAsync();
            if (page.Events.Length < pageSize && subscription.TryGoLive(out overflowed))
            {
                break;
            }
        }
        if (overflowed && await _frames.AfterOverflowAsync(subscription, cancellationToken) is { } refresh)
        {
            await output.WriteAsync(refresh);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Continuity lost on {Topic} ({Reason}): stream had {LastSent}, history is epoch {Epoch} offsets {First}..{Last}")]
    private partial void LogContinuityLost(string topic, ContinuityLossReason reason, long lastSent, string epoch, long first, long last);
}
