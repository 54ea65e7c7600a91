using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Streaming.Bus;
using Realtime.Streaming.Outbox;

namespace Realtime.Streaming.Fanout;

/// <summary>
/// This silo's fan-out: one <see cref="TopicFeed"/> per topic with local subscribers, created by the
/// first subscription and stopped with the last (so the silo listens on the bus only for topics it
/// serves). A broadcast never waits on a stream: feeds only offer to subscriptions.
/// </summary>
public sealed class FanoutHub(IEventBus bus, TopicGrainResolver grains, IOptions<StreamingOptions> options, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly Dictionary<string, TopicFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly ILogger _feedLogger = loggerFactory.CreateLogger<TopicFeed>();

    /// <summary>Attaches the subscription to its topic's feed and waits until the feed knows the topic's position.</summary>
    public async Task SubscribeAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        TopicFeed feed;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(subscription.Topic, out var existing))
            {
                existing = new TopicFeed(subscription.Topic, grains.Resolve(subscription.Topic), bus, options.Value, _feedLogger);
                _feeds.Add(subscription.Topic, existing);
                existing.Start();
            }
            feed = existing;
            feed.Add(subscription);
            subscription.Feed = feed;
        }
        try
        {
            await feed.Ready.WaitAsync(cancellationToken);
        }
        catch
        {
            await UnsubscribeAsync(subscription);
            throw;
        }
    }

    /// <summary>Detaches the subscription; nothing more is queued for it.</summary>
    public async Task UnsubscribeAsync(Subscription subscription)
    {
        subscription.Close();
        TopicFeed? emptied = null;
        lock (_gate)
        {
            if (subscription.Feed is { } feed && _feeds.TryGetValue(subscription.Topic, out var current) && ReferenceEquals(feed, current))
            {
                feed.Remove(subscription);
                if (feed.IsEmpty)
                {
                    _feeds.Remove(subscription.Topic);
                    emptied = feed;
                }
            }
        }
        if (emptied is not null)
        {
            await emptied.DisposeAsync();
        }
    }

    /// <summary>The presence leases of every local subscription, by topic.</summary>
    public IReadOnlyList<(string Topic, PresenceLease[] Leases)> PresenceLeases()
    {
        lock (_gate)
        {
            return [.. _feeds.Values.Select(f => (f.Topic, f.Subscribers.Select(s => s.Lease).ToArray()))];
        }
    }

    /// <summary>Subscribed topics by kind ("chat", "doc", "game").</summary>
    public Dictionary<string, int> TopicCountByKind()
    {
        lock (_gate)
        {
            return _feeds.Keys.CountBy(topic => Topics.Parse(topic).Kind).ToDictionary(StringComparer.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        TopicFeed[] feeds;
        lock (_gate)
        {
            feeds = [.. _feeds.Values];
            _feeds.Clear();
        }
        await Task.WhenAll(feeds.Select(f => f.DisposeAsync().AsTask()));
    }
}
