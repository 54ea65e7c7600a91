using Grpc.Core;
using Realtime.Protos;

namespace Realtime.Client;

/// <summary>
/// The connection loop the SDK's stream clients share: open a bidi stream with a fresh token, restore
/// subscriptions before any new command goes out, hand every frame to the session, and on any break
/// reopen with exponential backoff and jitter (or after the delay the server's reconnect hint asks for).
/// </summary>
internal sealed class ReconnectingStream<TRequest, TResponse> : IAsyncDisposable
{
    private readonly RealtimeClientOptions _options;
    private readonly Func<Metadata, CancellationToken, AsyncDuplexStreamingCall<TRequest, TResponse>> _open;
    private readonly IStreamSession<TRequest, TResponse> _session;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IClientStreamWriter<TRequest>? _requests;
    private int _connections;
    private Task _run = Task.CompletedTask;

    public ReconnectingStream(
        RealtimeClientOptions options,
        Func<Metadata, CancellationToken, AsyncDuplexStreamingCall<TRequest, TResponse>> open,
        IStreamSession<TRequest, TResponse> session)
    {
        _options = options;
        _open = open;
        _session = session;
    }

    public int Connections => Volatile.Read(ref _connections);

    public bool IsConnected => Volatile.Read(ref _requests) is not null;

    public CancellationToken Stopping => _stop.Token;

    /// <summary>
    /// Starts the loop and returns <paramref name="owner"/> once the first stream is open; if it was
    /// refused (e.g. Unauthenticated), disposes the owner and throws.
    /// </summary>
    public async Task<TOwner> StartAsync<TOwner>(TOwner owner, CancellationToken cancellationToken) where TOwner : IAsyncDisposable
    {
        _run = RunAsync();
        try
        {
            await _connected.Task.WaitAsync(cancellationToken);
            return owner;
        }
        catch
        {
            await owner.DisposeAsync();
            throw;
        }
    }

    /// <summary>Writes a command if a stream is open; otherwise (or if it breaks now) the next stream's resubscribe covers it.</summary>
    public async Task WriteIfConnectedAsync(TRequest frame)
    {
        await _writeLock.WaitAsync(_stop.Token);
        try
        {
            if (_requests is { } requests)
            {
                await requests.WriteAsync(frame);
            }
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
            // The stream just broke; the reconnect loop resubscribes.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// After <paramref name="pause"/>, writes the command <paramref name="build"/> returns then (null when
    /// there is nothing left to retry); nothing if the stream stops meanwhile.
    /// </summary>
    public Task WriteLaterAsync(TimeSpan pause, Func<TRequest?> build) =>
        WriteLaterAsync(pause, () => build() is { } frame ? [frame] : []);

    /// <summary>After a pause, writes the frames <paramref name="build"/> returns then, in order.</summary>
    public async Task WriteLaterAsync(TimeSpan pause, Func<IReadOnlyList<TRequest>> build)
    {
        try
        {
            await Task.Delay(pause, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        foreach (var frame in build())
        {
            await WriteIfConnectedAsync(frame);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task RunAsync()
    {
        var backoff = new ReconnectBackoff(_options.InitialReconnectDelay, _options.MaxReconnectDelay);
        Exception reason = new ObjectDisposedException(GetType().Name);
        while (!_stop.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                delay = await RunConnectionAsync(backoff) ?? backoff.Next();
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException ex) when (!_connected.Task.IsCompleted && ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
            {
                _connected.TrySetException(ex);
                reason = ex;
                break;
            }
            catch (Exception)
            {
                // Every other end is a fault to ride through: a reset (Internal), a silo gone (Unavailable),
                // an end without a hint (OK), an expired token (the provider gives a fresh one), a socket error.
                delay = backoff.Next();
            }
            try
            {
                await Task.Delay(delay, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _connected.TrySetException(reason);
        _session.Stopped(reason);
    }

    /// <summary>One stream, from open to end. Returns the server's requested reconnect delay, if it sent one.</summary>
    private async Task<TimeSpan?> RunConnectionAsync(ReconnectBackoff backoff)
    {
        var token = await _options.TokenProvider(_stop.Token);
        using var call = _open(new Metadata { { "authorization", $"Bearer {token}" } }, _stop.Token);
        var headers = await call.ResponseHeadersAsync;
        if (headers.Get(StreamHeaders.Accepted) is null)
        {
            // Refused: reading surfaces the status (Unauthenticated, …).
            await call.ResponseStream.MoveNext(_stop.Token);
            throw new RpcException(new Status(StatusCode.Unknown, "The server did not accept the stream."));
        }
        await ResubscribeAsync(call.RequestStream);
        Interlocked.Increment(ref _connections);
        _connected.TrySetResult();
        backoff.Reset();
        TimeSpan? retryAfter = null;
        try
        {
            await foreach (var frame in call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                if (_session.ReconnectHint(frame) is { } hint)
                {
                    retryAfter = hint;
                    await EndRequestsAsync(call.RequestStream);
                    continue;
                }
                await _session.HandleAsync(frame, _stop.Token);
            }
        }
        finally
        {
            await _writeLock.WaitAsync(CancellationToken.None);
            Volatile.Write(ref _requests, null);
            _writeLock.Release();
        }
        return retryAfter;
    }

    /// <summary>
    /// The hint is the stream's last frame, and the server holds the call open until this side ends (see
    /// docs/ARCHITECTURE.md, "Drain, shed, SIGTERM"); ending it lets the call close at once. Commands
    /// from now on wait for the next stream's resubscribe.
    /// </summary>
    private async Task EndRequestsAsync(IClientStreamWriter<TRequest> requests)
    {
        await _writeLock.WaitAsync(_stop.Token);
        try
        {
            Volatile.Write(ref _requests, null);
            await requests.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
            // The stream already broke; reading ends it.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ResubscribeAsync(IClientStreamWriter<TRequest> requests)
    {
        await _writeLock.WaitAsync(_stop.Token);
        try
        {
            foreach (var command in _session.Resubscribe())
            {
                await requests.WriteAsync(command);
            }
            Volatile.Write(ref _requests, requests);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
