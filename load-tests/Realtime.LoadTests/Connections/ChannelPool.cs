using Grpc.Net.Client;
using Realtime.LoadTests.Cli;

namespace Realtime.LoadTests.Connections;

/// <summary>
/// gRPC channels that each hold one HTTP/2 connection, filled with a fixed number of streams before
/// the next is opened (Kestrel allows 100 streams per connection by default; a client that goes past it
/// without more connections queues streams silently). Channels alternate over the targets. Unary calls (read
/// marks, the end-of-run checks) go over channels of their own (<see cref="ForCalls"/>), so they never wait
/// for a stream slot on a full connection.
/// </summary>
public sealed class ChannelPool(RunSettings settings) : IDisposable
{
    private readonly List<GrpcChannel> _channels = [];
    private readonly List<GrpcChannel> _callChannels = [];
    private readonly Lock _gate = new();
    private int _streams;
    private int _calls;

    public int Connections
    {
        get
        {
            lock (_gate)
            {
                return _channels.Count;
            }
        }
    }

    /// <summary>The channel the next stream should use.</summary>
    public GrpcChannel Next()
    {
        lock (_gate)
        {
            if (_streams++ % settings.StreamsPerConnection == 0)
            {
                _channels.Add(GrpcChannel.ForAddress(settings.Target(_channels.Count), new GrpcChannelOptions
                {
                    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, ConnectTimeout = TimeSpan.FromSeconds(10) },
                }));
            }
            return _channels[^1];
        }
    }

    /// <summary>A channel for unary calls, alternating over the targets; it opens more connections as calls need them.</summary>
    public GrpcChannel ForCalls()
    {
        lock (_gate)
        {
            var target = _calls++ % settings.Targets.Count;
            while (_callChannels.Count <= target)
            {
                _callChannels.Add(GrpcChannel.ForAddress(settings.Target(_callChannels.Count), new GrpcChannelOptions
                {
                    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = TimeSpan.FromSeconds(10) },
                }));
            }
            return _callChannels[target];
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Concat(_callChannels))
        {
            channel.Dispose();
        }
    }
}
