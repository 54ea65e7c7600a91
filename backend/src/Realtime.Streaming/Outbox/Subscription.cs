using Realtime.Grains.Abstractions;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Telemetry;

namespace Realtime.Streaming.Outbox;

/// <summary>
/// One stream's interest in one topic. It is either live (the hub's events are queued to the stream)
/// or catching up (the stream's writer pages events from history, and live events are ignored until
/// the writer has reached what the hub delivered). Starts catching up, from its resume point.
/// A <see cref="Delivery.LatestWins"/> subscription keeps only its newest undelivered event in a slot
/// instead of queueing every one.
/// </summary>
public sealed class Subscription
{
    private readonly Lock _gate = new();
    private readonly IOutbox _outbox;
    private string _epoch;
    private long _lastEnqueued;
    private long _lastSent;
    private bool _catchingUp = true;
    private bool _overflowed;
    private bool _closed;
    private TopicEvent? _latest;

    public Subscription(string topic, PresenceLease lease, IOutbox outbox, StreamPosition start, Delivery delivery = Delivery.Lossless)
    {
        Topic = topic;
        Kind = StreamingTelemetry.KindOf(topic);
        Lease = lease;
        Delivery = delivery;
        _outbox = outbox;
        _epoch = start.Epoch;
        _lastSent = start.Offset;
        _lastEnqueued = start.Offset;
    }

    public string Topic { get; }

    /// <summary>The topic's kind ("chat", "doc", "game"), for telemetry tags.</summary>
    public string Kind { get; }

    public PresenceLease Lease { get; }

    public Delivery Delivery { get; }

    /// <summary>What the client has been sent so far: its resume point.</summary>
    public StreamPosition Position
    {
        get
        {
            lock (_gate)
            {
                return new StreamPosition(_epoch, _lastSent);
            }
        }
    }

    public bool IsClosed => Volatile.Read(ref _closed);

    internal TopicFeed? Feed { get; set; }

    internal bool IsCatchingUp
    {
        get
        {
            lock (_gate)
            {
                return _catchingUp;
            }
        }
    }

    internal long LastSent => Volatile.Read(ref _lastSent);

    /// <summary>The newest offset handed to the outbox, queued or held in the latest-wins slot.</summary>
    internal long LastOffered
    {
        get
        {
            lock (_gate)
            {
                return _lastEnqueued;
            }
        }
    }

    internal string Epoch
    {
        get
        {
            lock (_gate)
            {
                return _epoch;
            }
        }
    }

    /// <summary>Called by the topic feed for every event, in order. Never blocks.</summary>
    internal void Offer(TopicEvent topicEvent)
    {
        lock (_gate)
        {
            if (_closed || _catchingUp)
            {
                return;
            }
            if (!topicEvent.IsEphemeral && Delivery == Delivery.LatestWins)
            {
                OfferLatestLocked(topicEvent);
                return;
            }
            if (!topicEvent.IsEphemeral)
            {
                var sameEpoch = string.Equals(topicEvent.Epoch, _epoch, StringComparison.Ordinal);
                if (sameEpoch && topicEvent.Offset <= _lastEnqueued)
                {
                    return;
                }
                if (!sameEpoch || topicEvent.Offset != _lastEnqueued + 1)
                {
                    StartCatchUpLocked();
                    return;
                }
            }
            if (_outbox.TryEnqueue(this, topicEvent))
            {
                if (!topicEvent.IsEphemeral)
                {
                    _lastEnqueued = topicEvent.Offset;
                }
                return;
            }
            _overflowed = true;
            StreamingTelemetry.Overflowed(Kind);
            StartCatchUpLocked();
        }
    }

    /// <summary>Writer only: takes the newest event a latest-wins subscription holds, if any.</summary>
    internal TopicEvent? TakeLatest()
    {
        lock (_gate)
        {
            var latest = _latest;
            _latest = null;
            return latest;
        }
    }

    /// <summary>Used when the feed cannot vouch for continuity (epoch change, history gap it could not fill).</summary>
    internal void ForceCatchUp()
    {
        lock (_gate)
        {
            if (!_closed && !_catchingUp)
            {
                StartCatchUpLocked();
            }
        }
    }

    /// <summary>Writer only: records that the client was sent everything up to <paramref name="offset"/>.</summary>
    internal void MarkSent(long offset) => Volatile.Write(ref _lastSent, offset);

    /// <summary>Writer only: the stream continues in a new epoch after a continuity loss.</summary>
    internal void Rebase(StreamPosition position)
    {
        lock (_gate)
        {
            _epoch = position.Epoch;
            _lastSent = position.Offset;
        }
    }

    /// <summary>
    /// Writer only: goes live if the feed has delivered nothing the writer has not sent. Under the same
    /// lock as <see cref="Offer"/>, so an event is either offered after this (and queued) or seen here.
    /// </summary>
    internal bool TryGoLive(out bool overflowed)
    {
        lock (_gate)
        {
            overflowed = false;
            var feed = Feed;
            if (feed is not null
                && string.Equals(feed.Epoch, _epoch, StringComparison.Ordinal)
                && feed.LastDelivered > _lastSent)
            {
                return false;
            }
            _catchingUp = false;
            _lastEnqueued = _lastSent;
            overflowed = _overflowed;
            _overflowed = false;
            return true;
        }
    }

    internal void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    private void OfferLatestLocked(TopicEvent topicEvent)
    {
        if (!string.Equals(topicEvent.Epoch, _epoch, StringComparison.Ordinal))
        {
            StartCatchUpLocked();
            return;
        }
        if (topicEvent.Offset <= _lastEnqueued)
        {
            return;
        }
        var wake = _latest is null;
        if (!wake)
        {
            StreamingTelemetry.LatestDropped(Kind);
        }
        _latest = topicEvent;
        _lastEnqueued = topicEvent.Offset;
        if (wake)
        {
            _outbox.RequestLatest(this);
        }
    }

    private void StartCatchUpLocked()
    {
        _catchingUp = true;
        _outbox.RequestCatchUp(this);
    }
}
