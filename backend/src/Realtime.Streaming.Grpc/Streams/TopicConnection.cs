using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Streaming.Fanout;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Outbox;
using ErrorDetail = Realtime.Protos.Common.V1.ErrorDetail;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>
/// What every kind of connection (chat rooms, documents, games) does with the topics one stream has
/// joined: one subscription per topic, joins and leaves serialized, a limit per stream, grain failures
/// turned into precise statuses, removal from a topic when the user's access is lowered, and on close
/// every subscription released and every grain told. Identity is the connection's token (subject and
/// admin role); nothing in a command can change it.
/// </summary>
public abstract partial class TopicConnection<TFrame> : IRevocableConnection, IAsyncDisposable where TFrame : class
{
    /// <summary>How long a revocation waits for room in a stream's outbox before it leaves the notice out (the client is not reading).</summary>
    private static readonly TimeSpan RevocationNoticeTimeout = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Caller> _admitted = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _membership = new(1, 1);
    private readonly string _connectionId;
    private readonly StreamOutbox<TFrame> _outbox;
    private readonly FanoutHub _hub;
    private readonly ConnectionDirectory _directory;
    private readonly IJoinAdmission _admission;
    private readonly ILogger _logger;

    protected TopicConnection(
        string connectionId, Caller caller, StreamOutbox<TFrame> outbox, FanoutHub hub, ConnectionDirectory directory, IJoinAdmission admission, ILogger logger)
    {
        _connectionId = connectionId;
        Caller = caller;
        _outbox = outbox;
        _hub = hub;
        _directory = directory;
        _admission = admission;
        _logger = logger;
        directory.Add(this);
    }

    public Caller Caller { get; }

    public string UserId => Caller.UserId;

    protected string ConnectionId => _connectionId;

    protected StreamOutbox<TFrame> Outbox => _outbox;

    /// <summary>What the topics are called in messages ("room", "document", "game").</summary>
    protected abstract string Noun { get; }

    protected abstract int MaxPerStream { get; }

    protected IEnumerable<KeyValuePair<string, Subscription>> Subscriptions => _subscriptions;

    /// <summary>Tells the owning grain this connection is gone.</summary>
    protected abstract Task LeaveGrainAsync(string id);

    /// <summary>The frame that tells the client the server removed it from a topic, and why.</summary>
    protected abstract TFrame RemovedFrame(string id, ErrorDetail reason);

    /// <summary>
    /// Joins a topic: under the membership lock, checks it is new and within the limit, has the join admitted
    /// (<see cref="IJoinAdmission"/>), runs <paramref name="join"/> (the grain call) as the admitted caller, subscribes
    /// from the position it returns, and queues its first frame, after which the subscription is caught up from that
    /// position. The topic's later commands go as the admitted caller (<see cref="CallerIn"/>); <c>action</c> is what the
    /// join is for, as a callout is told ("join", "open", "play", "watch").
    /// </summary>
    protected async Task<TAnswer> SubscribeAsync<TAnswer>(
        string id,
        string topic,
        Delivery delivery,
        string action,
        Func<Caller, PresenceLease, Task<(StreamPosition Start, TAnswer Answer, TFrame FirstFrame)>> join,
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
            var (admitted, profile) = await _admission.AdmitAsync(Caller, topic, action, cancellationToken);
            var lease = new PresenceLease(_connectionId, UserId, profile);
            var (start, answer, firstFrame) = await CallAsync(() => join(admitted, lease));
            var subscription = new Subscription(topic, lease, _outbox, start, delivery);
            await _hub.SubscribeAsync(subscription, cancellationToken);
            _admitted[id] = admitted;
            _subscriptions[id] = subscription;
            await _outbox.StartAsync(subscription, firstFrame, cancellationToken);
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
            _admitted.TryRemove(id, out _);
            await _hub.UnsubscribeAsync(subscription);
            await CallAsync(async () =>
            {
                await LeaveGrainAsync(id);
                return true;
            });
            await _outbox.EnqueueAsync(leftFrame, cancellationToken);
        }
        finally
        {
            _membership.Release();
        }
    }

    public async Task<bool> RevokeAsync(string topic)
    {
        try
        {
            await _membership.WaitAsync();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        try
        {
            var (id, subscription) = _subscriptions.FirstOrDefault(s => string.Equals(s.Value.Topic, topic, StringComparison.Ordinal));
            if (subscription is null || !_subscriptions.TryRemove(id, out _))
            {
                return false;
            }
            _admitted.TryRemove(id, out _);
            await _hub.UnsubscribeAsync(subscription);
            await LeaveQuietlyAsync(id);
            var reason = new CommandException(StatusCode.PermissionDenied, $"Your access to the {Noun} '{id}' was revoked.").ToErrorDetail();
            using var timeout = new CancellationTokenSource(RevocationNoticeTimeout);
            try
            {
                await _outbox.EnqueueAsync(RemovedFrame(id, reason), timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                LogRevocationNoticeDropped(_logger, Noun, id);
            }
            return true;
        }
        finally
        {
            _membership.Release();
        }
    }

    /// <summary>The subscription of a joined topic; FailedPrecondition if it is not joined on this stream.</summary>
    protected Subscription Joined(string id) => _subscriptions.TryGetValue(id, out var subscription) ? subscription : throw NotJoined(id);

    /// <summary>Who acts in a joined topic: the caller as its join was admitted; FailedPrecondition if it is not joined on this stream.</summary>
    protected Caller CallerIn(string id) => _admitted.TryGetValue(id, out var caller) ? caller : throw NotJoined(id);

    /// <summary>
    /// Calls a grain: its refusals become the statuses they mean (<see cref="TopicErrors"/>), with
    /// <paramref name="fieldPath"/> naming fields where this command's request nests them; failures
    /// that are not the caller's become Unavailable.
    /// </summary>
    protected async Task<T> CallAsync<T>(Func<Task<T>> call, Func<string, string>? fieldPath = null)
    {
        try
        {
            return await call();
        }
        catch (TopicException refusal)
        {
            throw TopicErrors.ToCommandException(refusal, fieldPath);
        }
        catch (StorageUnavailableException)
        {
            // An outage every caller meets at once: answered without a log line per command (health reports it).
            throw CommandException.StorageUnavailable($"The {Noun}'s storage");
        }
        catch (Exception ex) when (ex is not CommandException and not OperationCanceledException)
        {
            LogGrainCallFailed(_logger, ex, Noun);
            throw new CommandException(StatusCode.Unavailable, $"The {Noun} is temporarily unavailable; retry.");
        }
    }

    protected async Task CallAsync(Func<Task> call, Func<string, string>? fieldPath = null) => await CallAsync(async () =>
    {
        await call();
        return true;
    }, fieldPath);

    public async ValueTask DisposeAsync()
    {
        _directory.Remove(this);
        // Held until disposed: a revocation in flight finishes first, later ones find nothing to do.
        await _membership.WaitAsync();
        foreach (var (id, subscription) in _subscriptions)
        {
            await _hub.UnsubscribeAsync(subscription);
            await LeaveQuietlyAsync(id);
        }
        _subscriptions.Clear();
        _admitted.Clear();
        _membership.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task LeaveQuietlyAsync(string id)
    {
        try
        {
            await LeaveGrainAsync(id);
        }
        catch (Exception ex)
        {
            // The presence lease expires on its own; nothing else depends on this call.
            LogLeaveFailed(_logger, ex, Noun, id);
        }
    }

    private CommandException NotJoined(string id) =>
        new(StatusCode.FailedPrecondition, $"The {Noun} '{id}' is not joined on this stream; join it first.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed from {Noun} {Id} after its access was lowered, without a notice: the client is not reading")]
    private static partial void LogRevocationNoticeDropped(ILogger logger, string noun, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving {Noun} {Id} failed")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception, string noun, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Noun} call failed")]
    private static partial void LogGrainCallFailed(ILogger logger, Exception exception, string noun);
}
