using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Microsoft.Extensions.Logging;
using Realtime.Grains.Abstractions;
using Realtime.Streaming.Redis;
using Realtime.Streaming.Telemetry;
using StackExchange.Redis;

namespace Realtime.Streaming.Bus;

/// <summary>
/// The cluster bus: Redis pub/sub, one channel per topic. A silo subscribes to a channel only while it
/// has local subscribers (ref-counted); a publish is delivered to local subscribers directly and its
/// echo from Redis dropped; messages are taken one at a time from an ordered queue. Redis pub/sub is
/// at-most-once, so after a reconnect every local subscriber is asked to resync from the grain. A
/// publish is sent without waiting for Redis' reply (see <see cref="PublishAsync"/>). Channels are
/// named, and sharded or not, by <see cref="RedisKeys.Channel"/>.
/// </summary>
public sealed partial class RedisEventBus : IEventBus, IAsyncDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly ILogger<RedisEventBus> _logger;
    private readonly byte[] _origin = Guid.NewGuid().ToByteArray();
    private readonly ConcurrentDictionary<string, TopicChannel> _topics = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _membership = new(1, 1);

    public RedisEventBus(IConnectionMultiplexer redis, RedisKeys keys, ILogger<RedisEventBus> logger)
    {
        _redis = redis;
        _keys = keys;
        _logger = logger;
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
    }

    /// <summary>
    /// Delivers to local subscribers and queues the message on the Redis connection, in call order, without
    /// waiting for the reply: Redis' answer (how many silos heard it) changes nothing, and waiting would put
    /// every publish back through the publishing grain's scheduler. A lost publish is what the bus allows
    /// (subscribers fill the gap from the log); a lost connection is logged.
    /// </summary>
    public ValueTask PublishAsync(TopicEvent topicEvent, CancellationToken cancellationToken)
    {
        using var activity = StreamingTelemetry.StartPublish(topicEvent);
        if (_topics.TryGetValue(topicEvent.Topic, out var local))
        {
            local.Deliver(topicEvent);
        }
        _redis.GetSubscriber().Publish(Channel(topicEvent.Topic), Encode(topicEvent), CommandFlags.FireAndForget);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<IAsyncDisposable> SubscribeAsync(string topic, Action<TopicEvent> onEvent, Action onResync, CancellationToken cancellationToken)
    {
        var handler = new Handler(onEvent, onResync);
        await _membership.WaitAsync(cancellationToken);
        try
        {
            if (_topics.TryGetValue(topic, out var existing))
            {
                existing.Add(handler);
            }
            else
            {
                var channel = new TopicChannel(topic);
                channel.Add(handler);
                var queue = await _redis.GetSubscriber().SubscribeAsync(Channel(topic));
                channel.Queue = queue;
                queue.OnMessage(message => OnMessage(channel, message.Message));
                _topics[topic] = channel;
            }
        }
        finally
        {
            _membership.Release();
        }
        return new Subscription(this, topic, handler);
    }

    public async ValueTask DisposeAsync()
    {
        _redis.ConnectionFailed -= OnConnectionFailed;
        _redis.ConnectionRestored -= OnConnectionRestored;
        foreach (var channel in _topics.Values)
        {
            if (channel.Queue is { } queue)
            {
                await queue.UnsubscribeAsync();
            }
        }
        _topics.Clear();
        _membership.Dispose();
    }

    private RedisChannel Channel(string topic) => _keys.Channel(topic);

    private void OnMessage(TopicChannel channel, RedisValue message)
    {
        try
        {
            if (Decode(channel.Topic, message) is { } topicEvent)
            {
                channel.Deliver(topicEvent);
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or ArgumentException or FormatException)
        {
            LogBadMessage(ex, channel.Topic);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        LogConnectionFailed(e.Exception, e.ConnectionType, e.FailureType);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType != ConnectionType.Subscription)
        {
            return;
        }
        LogResync(_topics.Count);
        foreach (var channel in _topics.Values)
        {
            channel.Resync();
        }
    }

    private async Task UnsubscribeAsync(string topic, Handler handler)
    {
        await _membership.WaitAsync();
        try
        {
            if (_topics.TryGetValue(topic, out var channel) && channel.Remove(handler) && _topics.TryRemove(topic, out _) && channel.Queue is { } queue)
            {
                await queue.UnsubscribeAsync();
            }
        }
        finally
        {
            _membership.Release();
        }
    }

    /// <summary>origin (16 bytes), epoch (length-prefixed UTF-8), offset, recipient (length-prefixed UTF-8, empty for everyone), payload.</summary>
    private byte[] Encode(TopicEvent topicEvent)
    {
        using var buffer = new MemoryStream(32 + topicEvent.Payload.Length);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(_origin);
            writer.Write(topicEvent.Epoch);
            writer.Write(topicEvent.Offset);
            writer.Write(topicEvent.Recipient ?? "");
            writer.Write(topicEvent.Payload);
        }
        return buffer.ToArray();
    }

    /// <summary>The event, or null for this silo's own echo (it was delivered locally when published).</summary>
    private TopicEvent? Decode(string topic, RedisValue message)
    {
        var bytes = (byte[])message!;
        if (bytes.AsSpan(0, _origin.Length).SequenceEqual(_origin))
        {
            return null;
        }
        using var reader = new BinaryReader(new MemoryStream(bytes, _origin.Length, bytes.Length - _origin.Length), Encoding.UTF8);
        var epoch = reader.ReadString();
        var offset = reader.ReadInt64();
        var recipient = reader.ReadString();
        var payload = reader.ReadBytes((int)(reader.BaseStream.Length - reader.BaseStream.Position));
        return new TopicEvent { Topic = topic, Epoch = epoch, Offset = offset, Payload = payload, Recipient = recipient.Length > 0 ? recipient : null };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an unreadable bus message on {Topic}; the gap is filled from history")]
    private partial void LogBadMessage(Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {ConnectionType} connection failed ({FailureType}); events published meanwhile reach other silos' subscribers only through the log")]
    private partial void LogConnectionFailed(Exception? exception, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis subscription restored; resyncing {Count} topics from their grains")]
    private partial void LogResync(int count);

    private sealed record Handler(Action<TopicEvent> OnEvent, Action OnResync);

    /// <summary>One topic's local subscribers and its Redis channel queue.</summary>
    private sealed class TopicChannel(string topic)
    {
        private ImmutableArray<Handler> _handlers = [];

        public string Topic => topic;

        public ChannelMessageQueue? Queue { get; set; }

        public void Add(Handler handler) => ImmutableInterlocked.Update(ref _handlers, h => h.Add(handler));

        /// <summary>Removes a handler; true when none are left.</summary>
        public bool Remove(Handler handler)
        {
            ImmutableInterlocked.Update(ref _handlers, h => h.Remove(handler));
            return _handlers.IsEmpty;
        }

        public void Deliver(TopicEvent topicEvent)
        {
            foreach (var handler in _handlers)
            {
                handler.OnEvent(topicEvent);
            }
        }

        public void Resync()
        {
            foreach (var handler in _handlers)
            {
                handler.OnResync();
            }
        }
    }

    private sealed class Subscription(RedisEventBus bus, string topic, Handler handler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await bus.UnsubscribeAsync(topic, handler);
    }
}
