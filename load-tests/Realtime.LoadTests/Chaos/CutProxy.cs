using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Realtime.LoadTests.Chaos;

/// <summary>
/// A TCP proxy between the clients and the balancer that can cut the network: every connection through
/// it is reset and new ones are refused for a while, as when a client's network drops.
/// </summary>
public sealed class CutProxy : IAsyncDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _cut;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _accepting;

    public CutProxy(IPEndPoint upstream)
    {
        _upstream = upstream;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Resets every connection and refuses new ones for <paramref name="duration"/>.</summary>
    public async Task CutAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        _cut = true;
        foreach (var socket in _sockets.Keys)
        {
            Close(socket);
        }
        try
        {
            await Task.Delay(duration, cancellationToken);
        }
        finally
        {
            _cut = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets.Keys)
        {
            Close(socket);
        }
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_cut)
            {
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }
            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets[client] = 0;
        _sockets[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(_upstream, _stop.Token);
            await Task.WhenAny(CopyAsync(client, upstream), CopyAsync(upstream, client));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A cut, or the upstream went away: both sides close below.
        }
        finally
        {
            _sockets.TryRemove(client, out _);
            _sockets.TryRemove(upstream, out _);
            Close(client);
            Close(upstream);
        }
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by a cut or by the other side.
        }
    }

    /// <summary>An abortive close (RST), as a dropped network looks to both ends.</summary>
    private static void Close(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
