using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Realtime.Grains.Abstractions;
using Realtime.Streaming.Bus;
using Realtime.Streaming.Outbox;
using Realtime.Streaming.Telemetry;

namespace Realtime.Streaming.Fanout;

/// <summary>
/// This silo's feed of one topic: subscribed to the bus while the silo has local subscribers, it
/// hands each event to every local subscription in offset order. It remembers the last offset it
/// delivered; an offset jump (a bus loss) is filled from the owning grain's history first, and
/// duplicates (echoes, redeliveries) are dropped. Where it cannot vouch for continuity (an epoch
/// change, history that no longer reaches) it makes every subscription catch up on its own.
/// </summary>
internal sealed partial class TopicFeed : IAsyncDisposable
{
    /// <summary>Queued when the bus asks for a resync: fill from the grain before the next event.</summary>
    private static readonly TopicEvent Resync = new() { Topic = "", Epoch = "", Offset = 0, Payload = [] };

    private readonly ITopicGrain _grain;
    private readonly IEventBus _bus;
    private readonly StreamingOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<TopicEvent> _inbox;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ImmutableArray<Subscription> _subscribers = [];
    private string _epoch = "";
    private long _lastDelivered;
    private int _overrun;
    private Task _run = Task.CompletedTask;

    public TopicFeed(string topic, ITopicGrain grain, IEventBus bus, StreamingOptions options, ILogger logger)
    {
        Topic = topic;
        _grain = grain;
        _bus = bus;
        _options = options;
        _logger = logger;
        _inbox = Channel.CreateBounded<TopicEvent>(new BoundedChannelOptions(options.FeedInboxCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Topic { get; }

    public string Epoch => Volatile.Read(ref _epoch);

    public long LastDelivered => Volatile.Read(ref _lastDelivered);

    /// <summary>Completes once the feed is on the bus and knows the topic's current position.</summary>
    public Task Ready => _ready.Task;

    public ImmutableArray<Subscription> Subscribers => _subscribers;

    public bool IsEmpty => _subscribers.IsEmpty;

    public void Add(Subscription subscription) => ImmutableInterlocked.Update(ref _subscribers, s => s.Add(subscription));

    public void Remove(Subscription subscription) => ImmutableInterlocked.Update(ref _subscribers, s => s.Remove(subscription));

    public void Start() => _run = RunAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    private void OnBusEvent(TopicEvent topicEvent)
    {
        topicEvent.MarkReceived(System.Diagnostics.Stopwatch.GetTimestamp());
        if (!_inbox.Writer.TryWrite(topicEvent))
        {
            Volatile.Write(ref _overrun, 1);
        }
    }

    private void OnBusResync()
    {
        if (!_inbox.Writer.TryWrite(Resync))
        {
            Volatile.Write(ref _overrun, 1);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        IAsyncDisposable? busSubscription = null;
        try
        {
            busSubscription = await _bus.SubscribeAsync(Topic, OnBusEvent, OnBusResync, cancellationToken);
            var head = await _grain.ReadAfterAsync(long.MaxValue, 0, cancellationToken);
            Volatile.Write(ref _epoch, head.Epoch);
            Volatile.Write(ref _lastDelivered, head.LastOffset);
            _ready.TrySetResult();
            await foreach (var topicEvent in _inbox.Reader.ReadAllAsync(cancellationToken))
            {
                await ProcessSafelyAsync(topicEvent, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(cancellationToken);
        }
        catch (Exception ex)
        {
            LogFeedFailed(ex, Topic);
            _ready.TrySetException(ex);
        }
        finally
        {
            if (busSubscription is not null)
            {
                await busSubscription.DisposeAsync();
            }
        }
    }

    private async Task ProcessSafelyAsync(TopicEvent topicEvent, CancellationToken cancellationToken)
    {
        try
        {
            if (ReferenceEquals(topicEvent, Resync))
            {
                await FillAsync(long.MaxValue, cancellationToken);
                return;
            }
            await ProcessAsync(topicEvent, cancellationToken);
            if (!_inbox.Reader.TryPeek(out _) && Interlocked.Exchange(ref _overrun, 0) == 1)
            {
                await FillAsync(long.MaxValue, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFillFailed(ex, Topic);
            if (!topicEvent.IsEphemeral)
            {
                Volatile.Write(ref _lastDelivered, Math.Max(LastDelivered, topicEvent.Offset));
            }
            CatchUpAll();
        }
    }

    private async Task ProcessAsync(TopicEvent topicEvent, CancellationToken cancellationToken)
    {
        using var activity = StreamingTelemetry.StartDeliver(topicEvent);
        if (topicEvent.IsEphemeral)
        {
            Broadcast(topicEvent);
            return;
        }
        if (!string.Equals(topicEvent.Epoch, Epoch, StringComparison.Ordinal))
        {
            Volatile.Write(ref _epoch, topicEvent.Epoch);
            Volatile.Write(ref _lastDelivered, topicEvent.Offset);
            CatchUpAll();
            return;
        }
        if (topicEvent.Offset > LastDelivered + 1)
        {
            await FillAsync(topicEvent.Offset - 1, cancellationToken);
        }
        if (topicEvent.Offset == LastDelivered + 1)
        {
            Deliver(topicEvent);
        }
    }

    /// <summary>Delivers retained events after <see cref="LastDelivered"/> from history, up to at least <paramref name="upTo"/> or the end.</summary>
    private async Task FillAsync(long upTo, CancellationToken cancellationToken)
    {
        while (LastDelivered < upTo)
        {
            var page = await _grain.ReadAfterAsync(LastDelivered, _options.CatchUpPageSize, cancellationToken);
            if (ContinuityLoss.Check(Epoch, LastDelivered, page) is not null)
            {
                Volatile.Write(ref _epoch, page.Epoch);
                Volatile.Write(ref _lastDelivered, Math.Max(page.LastOffset, upTo == long.MaxValue ? 0 : upTo));
                CatchUpAll();
                return;
            }
            if (page.Events.Length == 0)
            {
                return;
            }
            foreach (var topicEvent in page.Events)
            {
                if (topicEvent.Offset == LastDelivered + 1)
                {
                    Deliver(topicEvent);
                }
            }
            LogGapFilled(Topic, page.Events.Length);
            StreamingTelemetry.GapFilled(StreamingTelemetry.KindOf(Topic), page.Events.Length);
        }
    }

    private void Deliver(TopicEvent topicEvent)
    {
        // Published before offering, so a subscription going live either sees this offset or gets it offered.
        Volatile.Write(ref _lastDelivered, topicEvent.Offset);
        Broadcast(topicEvent);
    }

    private void Broadcast(TopicEvent topicEvent)
    {
        foreach (var subscription in _subscribers)
        {
            if (topicEvent.Recipient is null || string.Equals(topicEvent.Recipient, subscription.Lease.UserId, StringComparison.Ordinal))
            {
                subscription.Offer(topicEvent);
            }
        }
    }

    private void CatchUpAll()
    {
        foreach (var subscription in _subscribers)
        {
            subscription.ForceCatchUp();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Feed for {Topic} failed")]
    private partial void LogFeedFailed(Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not fill a gap on {Topic} from history; its streams catch up on their own")]
    private partial void LogFillFailed(Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Filled {Count} events of {Topic} from history after a bus gap")]
    private partial void LogGapFilled(string topic, int count);
}
