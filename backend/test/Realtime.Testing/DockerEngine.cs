using System.Net.Sockets;

namespace Realtime.Testing;

/// <summary>Whether a Docker engine answers, so tests can use containers; the docker client alone is not enough.</summary>
internal static class DockerEngine
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Pings the engine named by DOCKER_HOST (unix:// or tcp://), or the default unix socket.</summary>
    public static async Task<bool> IsReachableAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } configured ? new Uri(configured) : new Uri("unix:///var/run/docker.sock");
        using var handler = new SocketsHttpHandler();
        Uri baseAddress;
        if (host.Scheme == "unix")
        {
            if (!File.Exists(host.AbsolutePath))
            {
                return false;
            }
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(host.AbsolutePath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            };
            baseAddress = new Uri("http://docker");
        }
        else
        {
            baseAddress = new UriBuilder(host) { Scheme = Uri.UriSchemeHttp }.Uri;
        }
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = PingTimeout };
        try
        {
            using var response = await http.GetAsync(new Uri("/_ping", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or SocketException)
        {
            return false;
        }
    }
}
