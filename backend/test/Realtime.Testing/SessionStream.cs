using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Session.V1;

namespace Realtime.Testing;

/// <summary>A browser-style session stream for tests: everything received is recorded in order.</summary>
public sealed class SessionStream : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<SessionFrame> _call;
    private readonly List<SessionFrame> _received = [];
    private readonly CancellationTokenSource _disposed = new();
    private readonly Task _reading;

    private SessionStream(AsyncServerStreamingCall<SessionFrame> call)
    {
        _call = call;
        _reading = ReadAsync();
    }

    public IReadOnlyList<SessionFrame> Frames
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Opens a session and waits for its id.</summary>
    public static async Task<(SessionStream Stream, string SessionId)> OpenAsync(GrpcChannel channel, string token)
    {
        var stream = new SessionStream(new SessionService.SessionServiceClient(channel).OpenSession(
            new OpenSessionRequest(), new Metadata { { "authorization", $"Bearer {token}" } }));
        var opened = await Eventually.ValueAsync(() => stream.Frames.FirstOrDefault(f => f.Opened is not null), "session opened");
        return (stream, opened.Opened.SessionId);
    }

    public async ValueTask DisposeAsync()
    {
        // Marked first: the read loop then knows that whatever ends it (Cancelled, a disposed call) was this.
        await _disposed.CancelAsync();
        _call.Dispose();
        await _reading.WaitAsync(TestTimeouts.Wait);
        _disposed.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await foreach (var frame in _call.ResponseStream.ReadAllAsync())
            {
                lock (_received)
                {
                    _received.Add(frame);
                }
            }
        }
        catch (Exception) when (_disposed.IsCancellationRequested)
        {
            // Disposed by the test.
        }
    }
}
