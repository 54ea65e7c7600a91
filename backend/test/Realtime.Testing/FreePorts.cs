using System.Net;
using System.Net.Sockets;
using Realtime.Processes;

namespace Realtime.Testing;

public static class FreePorts
{
    /// <summary>A loopback port nothing listens on right now (the OS picks it).</summary>
    public static int Next() => ListeningProcess.FreeLoopbackPort();

    /// <summary>Whether something accepts connections on the loopback port now.</summary>
    public static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
