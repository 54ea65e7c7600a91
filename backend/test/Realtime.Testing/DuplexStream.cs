using Grpc.Core;

namespace Realtime.Testing;

/// <summary>A raw bidirectional stream for tests: everything received is recorded in order.</summary>
public abstract class DuplexStream<TRequest, TResponse> : IAsyncDisposable where TResponse : class
{
    private readonly AsyncDuplexStreamingCall<TRequest, TResponse> _call;
    private readonly Func<TResponse, bool> _isReconnectHint;
    private readonly List<TResponse> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Task _reading = Task.CompletedTask;

    /// <summary>Like the SDK, the stream ends its side on a reconnect hint, so the server can end the call at once.</summary>
    protected DuplexStream(AsyncDuplexStreamingCall<TRequest, TResponse> call, Func<TResponse, bool> isReconnectHint)
    {
        _call = call;
        _isReconnectHint = isReconnectHint;
    }

    /// <summary>Set when the stream ended with an error status.</summary>
    public RpcException? Failure { get; private set; }

    public bool Ended { get; private set; }

    public IReadOnlyList<TResponse> Frames
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public void StartReading() => _reading = ReadAsync();

    public async Task WriteAsync(TRequest frame)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _call.RequestStream.WriteAsync(frame);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task<TResponse> FrameAsync(Func<TResponse, bool> match, string expectation) =>
        Eventually.ValueAsync(() => Frames.FirstOrDefault(match), expectation);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _call.Dispose();
        try
        {
            await _reading.WaitAsync(TestTimeouts.Wait);
        }
        catch (OperationCanceledException)
        {
            // Expected: the reader stops with the call.
        }
        _stop.Dispose();
        _writeLock.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static Metadata Headers(string? token)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", $"Bearer {token}");
        }
        return headers;
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var frame in _call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                lock (_received)
                {
                    _received.Add(frame);
                }
                if (_isReconnectHint(frame))
                {
                    await EndRequestsAsync();
                }
            }
        }
        catch (RpcException ex) when (!_stop.IsCancellationRequested)
        {
            Failure = ex;
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Disposed by the test.
        }
        finally
        {
            Ended = true;
        }
    }

    private async Task EndRequestsAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            await _call.RequestStream.CompleteAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
