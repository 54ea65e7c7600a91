using System.Collections.Concurrent;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Server.Errors;
using Realtime.Streaming;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Streams;

/// <summary>
/// What every kind of connection (chat rooms, documents, games) does with the topics one stream has
/// joined: one subscription per topic, joins and leaves serialized, a limit per stream, grain failures
/// turned into precise statuses, and on close every subscription released and every grain told.
/// Identity is the connection's token subject; nothing in a command can change it.
/// </summary>
public abstract partial class TopicConnection<TFrame>(
    string connectionId,
    string userId,
    StreamOutbox<TFrame> outbox,
    FanoutHub hub,
    ILogger logger) : IAsyncDisposable where TFrame : class
{
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _membership = new(1, 1);

    public string UserId => userId;

    protected string ConnectionId => connectionId;

    protected StreamOutbox<TFrame> Outbox => outbox;

    /// <summary>What the topics are called in messages ("room", "document", "game").</summary>
    protected abstract string Noun { get; }

    protected abstract int MaxPerStream { get; }

    protected IEnumerable<KeyValuePair<string, Subscription>> Subscriptions => _subscriptions;

    /// <summary>Tells the owning grain this connection is gone.</summary>
    protected abstract Task LeaveGrainAsync(string id);

    /// <summary>A grain's refusal as a command error; null for failures that are not the caller's (mapped to Unavailable).</summary>
    protected abstract CommandException? MapRefusal(Exception exception);

    /// <summary>
    /// Joins a topic: under the membership lock, checks it is new and within the limit, runs
    /// <paramref name="join"/> (the grain call), subscribes from the position it returns, and queues its
    /// first frame, after which the subscription is caught up from that position.
    /// </summary>
    protected async Task<TAnswer> SubscribeAsync<TAnswer>(
        string id,
        string topic,
        Delivery delivery,
        Func<PresenceLease, Task<(StreamPosition Start, TAnswer Answer, TFrame FirstFrame)>> join,
        CancellationToken cancellationToken)
    {
        await _membership.WaitAsync(cancellationToken);
        try
        {
            if (_subscriptions.ContainsKey(id))
            {
                throw new CommandException(StatusCode.FailedPrecondition, $"The {Noun} '{id}' is already joined on this stream.");
            }
            if (_subscriptions.Count >= MaxPerStream)
            {
                throw new CommandException(StatusCode.ResourceExhausted, $"A stream may have at most {MaxPerStream} {Noun}s joined.");
            }
            var lease = new PresenceLease(connectionId, userId);
            var (start, answer, firstFrame) = await CallAsync(() => join(lease));
            var subscription = new Subscription(topic, lease, outbox, start, delivery);
            await hub.SubscribeAsync(subscription, cancellationToken);
            _subscriptions[id] = subscription;
            await outbox.StartAsync(subscription, firstFrame, cancellationToken);
            return answer;
        }
        finally
        {
            _membership.Release();
        }
    }

    /// <summary>Leaves a joined topic and queues <paramref name="leftFrame"/>.</summary>
    protected async Task UnsubscribeAsync(string id, TFrame leftFrame, CancellationToken cancellationToken)
    {
        await _membership.WaitAsync(cancellationToken);
        try
        {
            if (!_subscriptions.TryRemove(id, out var subscription))
            {
                throw NotJoined(id);
            }
            await hub.UnsubscribeAsync(subscription);
            await CallAsync(async () =>
            {
                await LeaveGrainAsync(id);
                return true;
            });
            await outbox.EnqueueAsync(leftFrame, cancellationToken);
        }
        finally
        {
            _membership.Release();
        }
    }

    /// <summary>The subscription of a joined topic; FailedPrecondition if it is not joined on this stream.</summary>
    protected Subscription Joined(string id) => _subscriptions.TryGetValue(id, out var subscription) ? subscription : throw NotJoined(id);

    /// <summary>Calls a grain; <paramref name="refusal"/> maps its refusals when this command names fields differently.</summary>
    protected async Task<T> CallAsync<T>(Func<Task<T>> call, Func<Exception, CommandException?>? refusal = null)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not CommandException and not OperationCanceledException)
        {
            if ((refusal ?? MapRefusal)(ex) is { } mapped)
            {
                throw mapped;
            }
            LogGrainCallFailed(logger, ex, Noun);
            throw new CommandException(StatusCode.Unavailable, $"The {Noun} is temporarily unavailable; retry.");
        }
    }

    protected async Task CallAsync(Func<Task> call, Func<Exception, CommandException?>? refusal = null) => await CallAsync(async () =>
    {
        await call();
        return true;
    }, refusal);

    public async ValueTask DisposeAsync()
    {
        foreach (var (id, subscription) in _subscriptions)
        {
            await hub.UnsubscribeAsync(subscription);
            try
            {
                await LeaveGrainAsync(id);
            }
            catch (Exception ex)
            {
                // The presence lease expires on its own; nothing else depends on this call.
                LogLeaveFailed(logger, ex, Noun, id);
            }
        }
        _subscriptions.Clear();
        _membership.Dispose();
        GC.SuppressFinalize(this);
    }

    private CommandException NotJoined(string id) =>
        new(StatusCode.FailedPrecondition, $"The {Noun} '{id}' is not joined on this stream; join it first.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving {Noun} {Id} on disconnect failed")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception, string noun, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Noun} call failed")]
    private static partial void LogGrainCallFailed(ILogger logger, Exception exception, string noun);
}
