using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Chat.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.LoadTests.Scenarios;

/// <summary>
/// One simulated chat user that rides through faults like the SDK: on any end of its stream (reset,
/// Unavailable, a reconnect hint, an end without one) it reconnects with backoff and jitter, rejoins
/// from the last offset it delivered, and resends its unacked messages with their ids once the rejoin
/// is confirmed. It counts per client what a fault costs: gaps, duplicates, reconnects by cause, and
/// the longest time without a delivery.
/// </summary>
public sealed partial class ChatMember(string runId, int id, string room, string user, bool sends, GrpcChannel channel, RunContext context) : IAsyncDisposable
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _write = new(1, 1);
    private readonly SortedDictionary<long, SendMessage> _pending = [];
    private readonly CancellationTokenSource _stop = new();
    private AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame>? _call;
    private Task _loop = Task.CompletedTask;
    private bool _live;
    private bool _resendScheduled;
    private string? _epoch;
    private long _lastOffset = -1;
    private long _maxAcked = -1;
    private long _maxStored = -1;
    private long _lastDelivery = Stopwatch.GetTimestamp();
    private long _maxSilence;

    public string Room => room;

    public bool Sends => sends;

    /// <summary>Completes at the first confirmed join.</summary>
    public TaskCompletionSource Joined { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The newest offset this member has delivered (every one before it too: gaps are counted).</summary>
    public long LastOffset
    {
        get
        {
            lock (_gate)
            {
                return _lastOffset;
            }
        }
    }

    /// <summary>The highest offset of this member's own messages the server acked.</summary>
    public long MaxAcked => Interlocked.Read(ref _maxAcked);

    /// <summary>The highest offset the server acked to this member, of a message or a change.</summary>
    public long MaxStored => Interlocked.Read(ref _maxStored);

    /// <summary>Unacked messages and changes of this member.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count + _pendingChanges.Count;
            }
        }
    }

    public bool Live
    {
        get
        {
            lock (_gate)
            {
                return _live;
            }
        }
    }

    /// <summary>False if the member stopped trying (it never should before the run ends).</summary>
    public bool Running => !_loop.IsCompleted;

    public void Start() => _loop = RunAsync();

    /// <summary>Sends message <paramref name="n"/>; it goes out now if the room is joined, else after the rejoin.</summary>
    public Task SendAsync(long n, string padding, long threadOffset = 0)
    {
        var command = new SendMessage
        {
            RoomId = room,
            ClientMessageId = $"{runId}-{id}-{n}",
            Content = Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) + "|" + padding,
            ThreadOffset = threadOffset,
        };
        return IssueAsync(() => _pending[n] = command, new ChatClientFrame { Send = command });
    }

    /// <summary>Records a command as unacked (<paramref name="record"/>, under the lock) and writes it now if the room is joined, else after the rejoin.</summary>
    private async Task IssueAsync(Action record, ChatClientFrame frame)
    {
        bool live;
        lock (_gate)
        {
            record();
            live = _live;
        }
        context.Metrics.CountSent();
        if (live)
        {
            await WriteAsync(frame);
        }
    }

    /// <summary>Every unacked send and change, oldest first within each: what goes again after a rejoin or a refusal in passing.</summary>
    private List<ChatClientFrame> Unacked() => [.. _pending.Values.Select(p => new ChatClientFrame { Send = p }), .. _pendingChanges.Values];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _write.Dispose();
    }

    private async Task RunAsync()
    {
        var attempt = 0;
        while (!_stop.IsCancellationRequested)
        {
            string cause;
            try
            {
                cause = await ConnectOnceAsync() ? "reconnect hint" : "ended without a hint";
                attempt = 0;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException ex)
            {
                cause = ex.StatusCode.ToString();
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException or ObjectDisposedException)
            {
                cause = ex.GetType().Name;
            }
            if (_stop.IsCancellationRequested)
            {
                return;
            }
            context.Metrics.Reconnect(cause);
            try
            {
                await Task.Delay(Backoff(attempt++), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Equal jitter: half of 250 ms × 2^attempt (at most 4 s) fixed, half random, so a crowd spreads out.</summary>
    private static TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(4000, 250 * Math.Pow(2, Math.Min(attempt, 10)));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }

    /// <summary>One stream from open to end; true if it ended with the server's reconnect hint.</summary>
    private async Task<bool> ConnectOnceAsync()
    {
        var headers = await context.Tokens.HeadersAsync(user, _stop.Token);
        using var call = new ChatService.ChatServiceClient(channel).Chat(headers, cancellationToken: _stop.Token);
        JoinRoom join;
        lock (_gate)
        {
            _call = call;
            _live = false;
            join = JoinCommand();
        }
        try
        {
            await WriteAsync(new ChatClientFrame { Join = join });
            await foreach (var frame in call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                if (frame.EventCase == ChatServerFrame.EventOneofCase.Reconnect)
                {
                    return true;
                }
                foreach (var command in Handle(frame))
                {
                    await WriteAsync(command);
                }
            }
            return false;
        }
        finally
        {
            lock (_gate)
            {
                _call = null;
                _live = false;
            }
        }
    }

    private JoinRoom JoinCommand() => new()
    {
        RoomId = room,
        ResumeFrom = _epoch is null ? null : new StreamPosition { Epoch = _epoch, Offset = _lastOffset },
    };

    /// <summary>Applies a frame; returns the commands it calls for (resends after a confirmed join, a rejoin).</summary>
    private List<ChatClientFrame> Handle(ChatServerFrame frame)
    {
        lock (_gate)
        {
            switch (frame.EventCase)
            {
                case ChatServerFrame.EventOneofCase.Joined:
                    if (_epoch is null)
                    {
                        _epoch = frame.Joined.Position.Epoch;
                        _lastOffset = frame.Joined.Position.Offset;
                    }
                    _live = true;
                    Joined.TrySetResult();
                    return Unacked();
                case ChatServerFrame.EventOneofCase.Message:
                    Newest(frame.Message);
                    Deliver(frame.Message.Offset, frame.Message.Content);
                    MaybeMarkRead(frame.Message.Offset);
                    return [];
                case ChatServerFrame.EventOneofCase.Read:
                    ReadMoved(frame.Read);
                    return [];
                case ChatServerFrame.EventOneofCase.Moderated:
                    Deliver(frame.Moderated.Offset, null);
                    return [];
                case ChatServerFrame.EventOneofCase.Changed:
                    Deliver(frame.Changed.Offset, frame.Changed.ClientChangeId.Split('-') is [_, _, var askedAt, _] ? askedAt : null);
                    return [];
                case ChatServerFrame.EventOneofCase.ChangeAck:
                    InterlockedMax(ref _maxStored, frame.ChangeAck.Offset);
                    Acknowledge(frame.ChangeAck);
                    return [];
                case ChatServerFrame.EventOneofCase.Ack:
                    if (long.TryParse(frame.Ack.ClientMessageId.AsSpan(frame.Ack.ClientMessageId.LastIndexOf('-') + 1), CultureInfo.InvariantCulture, out var n))
                    {
                        _pending.Remove(n);
                        ReplyAcked(n);
                    }
                    InterlockedMax(ref _maxAcked, frame.Ack.Offset);
                    InterlockedMax(ref _maxStored, frame.Ack.Offset);
                    return [];
                case ChatServerFrame.EventOneofCase.ContinuityLost:
                    context.Metrics.Gap();
                    _epoch = frame.ContinuityLost.Position.Epoch;
                    _lastOffset = frame.ContinuityLost.Position.Offset;
                    return [];
                case ChatServerFrame.EventOneofCase.Error:
                    return Refused(frame.Error);
                default:
                    return [];
            }
        }
    }

    /// <summary>What a fault explains is retried (like the SDK); anything else is counted as an error.</summary>
    private List<ChatClientFrame> Refused(CommandError error)
    {
        var code = (StatusCode)error.Error.Code;
        context.Metrics.Error($"{error.Command}: {code}");
        if (code is StatusCode.Unavailable or StatusCode.ResourceExhausted)
        {
            if (error.Command == CommandKind.Join)
            {
                _ = RetryLaterAsync(() => [new ChatClientFrame { Join = JoinCommand() }]);
            }
            else if (!_resendScheduled)
            {
                // Like the SDK: every unacked send again, oldest first; the server holds those behind a refused one.
                _resendScheduled = true;
                _ = RetryLaterAsync(() =>
                {
                    lock (_gate)
                    {
                        _resendScheduled = false;
                        return _live ? Unacked() : [];
                    }
                });
            }
            return [];
        }
        if (code == StatusCode.FailedPrecondition && error.Command is CommandKind.Send or CommandKind.Edit or CommandKind.React && _live)
        {
            _live = false;
            return [new ChatClientFrame { Join = JoinCommand() }];
        }
        if (code == StatusCode.FailedPrecondition && error.Command == CommandKind.Join)
        {
            _live = true;
            return Unacked();
        }
        return [];
    }

    private async Task RetryLaterAsync(Func<List<ChatClientFrame>> commands)
    {
        try
        {
            await Task.Delay(RetryPause, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        foreach (var command in commands())
        {
            await WriteAsync(command);
        }
    }

    /// <summary>Writes on the current stream; a stream that just broke is no error (the rejoin resends).</summary>
    private async Task WriteAsync(ChatClientFrame frame)
    {
        AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame>? call;
        lock (_gate)
        {
            call = _call;
        }
        if (call is null)
        {
            return;
        }
        try
        {
            await _write.WaitAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            await call.RequestStream.WriteAsync(frame);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The stream ended; the next one rejoins and resends.
        }
        finally
        {
            _write.Release();
        }
    }
}
