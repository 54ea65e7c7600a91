using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Realtime.Grains.Abstractions.Webhooks;
using Realtime.Grains.Log;

namespace Realtime.Grains.Webhooks;

/// <summary>
/// Sends one topic's stored events to one endpoint in offset order, as batches of what it is behind by, and moves its
/// confirmed position only after a 2xx. A failure waits (doubling, with jitter, up to the maximum) and sends the same
/// events again; so does a new activation after a lost silo, from the stored position. Filtered-out events move the
/// position without a delivery. Placed where it is first called, beside the room that tells it of events, so those
/// calls stay in the process.
/// </summary>
[PreferLocalPlacement]
public sealed partial class WebhookDeliveryGrain(
    [PersistentState("webhook", GrainStorage.Name)] IPersistentState<WebhookDeliveryState> state,
    IEventLog log,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    WebhookEndpoints endpoints,
    TimeProvider time,
    ILogger<WebhookDeliveryGrain> logger) : Grain, IWebhookDeliveryGrain
{
    private readonly WebhookOptions _options = options.Value;
    private IGrainTimer? _sending;
    private long _stored;

    private string Key => this.GetPrimaryKeyString();

    private string EndpointName => Key[..Key.IndexOf('|', StringComparison.Ordinal)];

    private string Topic => Key[(Key.IndexOf('|', StringComparison.Ordinal) + 1)..];

    public async Task StoredAsync(string epoch, long offset)
    {
        if (epoch != state.State.Epoch)
        {
            // A new epoch is a new history, whose offsets start again. A new endpoint starts at the beginning of the
            // retained log too: not at this event, because one-way calls may arrive out of order, and starting at
            // the first to arrive could skip the ones before it.
            state.State = new WebhookDeliveryState { Epoch = epoch };
            await state.WriteStateAsync();
        }
        Behind(offset);
    }

    public Task ResumeAsync(string epoch, long lastOffset)
    {
        if (state.RecordExists && epoch == state.State.Epoch)
        {
            Behind(lastOffset);
        }
        return Task.CompletedTask;
    }

    private void Behind(long offset)
    {
        _stored = Math.Max(_stored, offset);
        if (_stored > state.State.Confirmed)
        {
            // After the batch window, so that the events that follow this one go with it. KeepAlive: an endpoint
            // that is behind keeps its sender active until it has caught up.
            _sending ??= this.RegisterGrainTimer(SendAsync, new GrainTimerCreationOptions(_options.BatchWindow, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    public Task<WebhookPosition> GetPositionAsync() => Task.FromResult(Position);

    public async Task<WebhookPosition?> ReplayAsync(long fromOffset)
    {
        if (!state.RecordExists)
        {
            return null;
        }
        LogReplay(EndpointName, Topic, fromOffset, state.State.Confirmed);
        var wasStalled = Stalled;
        state.State.Confirmed = fromOffset - 1;
        state.State.Failures = 0;
        await state.WriteStateAsync();
        if (wasStalled)
        {
            await NoteAsync(stalledList => stalledList.RecoveredAsync(Topic));
        }
        // Now, not after a retry's wait: the operator asked for it.
        _stored = Math.Max(_stored, fromOffset);
        _sending?.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Behind(fromOffset);
        return Position;
    }

    private WebhookPosition Position => new(state.State.Epoch, state.State.Confirmed, state.State.Failures);

    /// <summary>Paused: listed at the endpoint (<see cref="IWebhookEndpointGrain"/>) until a delivery succeeds again.</summary>
    private bool Stalled => state.State.Failures >= _options.PauseAfterFailures;

    /// <summary>
    /// Updates the endpoint's stalled list, best effort: it is an operator's view, and a failure to write it (storage
    /// away) must not stop the deliveries it describes; the next pause or success writes it again.
    /// </summary>
    private async Task NoteAsync(Func<IWebhookEndpointGrain, Task> note)
    {
        try
        {
            await note(GrainFactory.GetGrain<IWebhookEndpointGrain>(EndpointName));
        }
        catch (Exception ex)
        {
            LogNoteFailed(ex, EndpointName, Topic);
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SendBehindAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The log or this sender's state could not be reached: tried again later like a refused delivery, never left
            // without a timer (which would hold it until its next event, or for good when none comes).
            await RetryLaterAsync(ex.GetType().Name);
        }
    }

    private async Task SendBehindAsync(CancellationToken cancellationToken)
    {
        var endpoint = endpoints.Find(EndpointName);
        while (endpoint is not null && !cancellationToken.IsCancellationRequested)
        {
            var confirmed = state.State.Confirmed;
            var entries = await log.ReadAfterAsync(Topic, confirmed, _options.MaxBatch, cancellationToken);
            if (entries.Length == 0)
            {
                break;
            }
            var heard = entries.Select(entry => WebhookPayloads.Parse(Topic, entry)).Where(stored => endpoint.Events.Length == 0 || endpoint.Events.Contains(stored.Type)).ToArray();
            var skippedBefore = entries[0].Offset > confirmed + 1 ? entries[0].Offset : (long?)null;
            if (skippedBefore is not null)
            {
                LogSkipped(confirmed + 1, entries[0].Offset - 1, EndpointName, Topic);
            }
            if (heard.Length > 0)
            {
                var body = WebhookPayloads.Build(EndpointName, Topic, state.State.Epoch, heard, skippedBefore);
                if (await sender.SendAsync(endpoint, body, cancellationToken) is { } failure)
                {
                    await RetryLaterAsync(failure);
                    return;
                }
            }
            state.State.Confirmed = entries[^1].Offset;
            if (Stalled)
            {
                await NoteAsync(stalledList => stalledList.RecoveredAsync(Topic));
            }
            state.State.Failures = 0;
            await state.WriteStateAsync(cancellationToken);
        }
        var timer = _sending;
        _sending = null;
        timer?.Dispose();
    }

    private async Task RetryLaterAsync(string failure)
    {
        var failures = ++state.State.Failures;
        var paused = failures >= _options.PauseAfterFailures;
        var backoff = paused ? _options.MaxRetryDelay : TimeSpan.FromTicks(Math.Min(_options.MaxRetryDelay.Ticks, _options.InitialRetryDelay.Ticks << Math.Min(failures - 1, 30)));
        // Jitter: endpoints that failed together do not all come back at once.
        var wait = backoff * (0.5 + (Random.Shared.NextDouble() / 2));
        // Armed before anything that may fail (storage away): the sender always tries again.
        _sending!.Change(wait, Timeout.InfiniteTimeSpan);
        if (failures == _options.PauseAfterFailures)
        {
            LogPaused(EndpointName, Topic, failures, state.State.Confirmed, failure);
        }
        else
        {
            LogFailed(EndpointName, Topic, failure, failures, wait);
        }
        if (paused)
        {
            await NoteAsync(stalledList => stalledList.StalledAsync(new StalledDelivery(Topic, state.State.Confirmed, failures, failure, time.GetUtcNow())));
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the failure count is lost (the position did not move): the next write carries it.
            LogFailuresNotWritten(ex, EndpointName, Topic);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook {Endpoint} for {Topic}: {Failure} (failure {Failures}); next try in {Wait}")]
    private partial void LogFailed(string endpoint, string topic, string failure, int failures, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Endpoint} for {Topic} paused after {Failures} failures at offset {Confirmed} ({Failure}); tried again every Webhooks:MaxRetryDelay")]
    private partial void LogPaused(string endpoint, string topic, int failures, long confirmed, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Endpoint} for {Topic}: its failure count could not be stored")]
    private partial void LogFailuresNotWritten(Exception exception, string endpoint, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Endpoint} for {Topic}: its stalled list could not be updated")]
    private partial void LogNoteFailed(Exception exception, string endpoint, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook {Endpoint} for {Topic}: replay from offset {From} asked (it had confirmed {Confirmed})")]
    private partial void LogReplay(string endpoint, string topic, long from, long confirmed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook: offsets {From}-{To} of {Topic} left the log before {Endpoint} confirmed them")]
    private partial void LogSkipped(long from, long to, string endpoint, string topic);
}
