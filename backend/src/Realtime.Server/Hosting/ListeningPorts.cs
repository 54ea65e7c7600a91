using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Realtime.Server.Hosting;

/// <summary>
/// The ports the server listens on, known once it has started: a configured port 0 becomes the one
/// the OS gave, so tests (and anyone else) bind port 0 and ask here instead of probing for a free one.
/// </summary>
public sealed class ListeningPorts
{
    private ListenOptions? _grpc;
    private ListenOptions? _web;

    public int Grpc => Port(_grpc);

    public int Web => Port(_web);

    internal void Remember(ListenOptions grpc, ListenOptions web) => (_grpc, _web) = (grpc, web);

    // Kestrel writes the bound endpoint back into the listen options when it binds.
    private static int Port(ListenOptions? listen) =>
        listen?.EndPoint is IPEndPoint { Port: > 0 } bound ? bound.Port : throw new InvalidOperationException("The server has not started listening yet.");
}
