using System.Net;
using System.Net.Sockets;

namespace Realtime.Testing;

/// <summary>
/// A loopback TCP forwarder whose connections a test can cut, to simulate network drops. With several
/// targets it behaves like a balancer with failover: each connection goes to the first target, in the
/// given order, that accepts it.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int[] _targetPorts;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly Task _accepting;
    private long _forwarded;

    public TcpProxy(params int[] targetPorts)
    {
        _targetPorts = targetPorts;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri Address => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>Bytes passed through so far, both directions: lets a test cut connections by progress, not by the clock.</summary>
    public long BytesForwarded => Interlocked.Read(ref _forwarded);

    /// <summary>Resets every open connection (both sides see the transport fail).</summary>
    public void DropAll()
    {
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                // Linger 0 makes the close a reset, as a broken network looks to both ends.
                connection.Client?.LingerState = new LingerOption(true, 0);
                connection.Dispose();
            }
            _connections.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropAll();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was stopped.
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (await ConnectAnyAsync() is not { } outbound)
            {
                inbound.Dispose();
                continue;
            }
            lock (_connections)
            {
                _connections.Add(inbound);
                _connections.Add(outbound);
            }
            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private async Task<TcpClient?> ConnectAnyAsync()
    {
        foreach (var port in _targetPorts)
        {
            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
                return outbound;
            }
            catch (SocketException)
            {
                outbound.Dispose();
            }
        }
        return null;
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var (source, target) = (from.GetStream(), to.GetStream());
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await target.WriteAsync(buffer.AsMemory(0, read));
                Interlocked.Add(ref _forwarded, read);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // A dropped connection; the other pump sees it too.
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
