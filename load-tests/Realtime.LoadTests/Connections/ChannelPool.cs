using Grpc.Net.Client;
using Realtime.LoadTests.Cli;

namespace Realtime.LoadTests.Connections;

/// <summary>
/// gRPC channels that each hold one HTTP/2 connection, filled with a fixed number of streams before
/// the next is opened (Kestrel allows 100 streams per connection by default; a client that goes past it
/// without more connections queues streams silently). Channels alternate over the targets.
/// </summary>
public sealed class ChannelPool(RunSettings settings) : IDisposable
{
    private readonly List<GrpcChannel> _channels = [];
    private readonly Lock _gate = new();
    private int _streams;

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

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
