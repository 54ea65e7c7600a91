using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Session.V1;

namespace Realtime.Testing;

/// <summary>A browser-style session stream for tests: everything received is recorded in order.</summary>
public sealed class SessionStream : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<SessionFrame> _call;
    private readonly List<SessionFrame> _received = [];
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
        _call.Dispose();
        await _reading.WaitAsync(TestTimeouts.Wait);
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
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
        {
            // Disposed by the test.
        }
    }
}
