using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Protos.Chat.V1;

namespace Realtime.LoadTests;

/// <summary>Opens many raw Chat streams, spread over HTTP/2 connections of a fixed number of streams each.</summary>
public sealed class StreamPool(Uri server, int streamsPerConnection) : IDisposable
{
    private readonly List<GrpcChannel> _channels = [];
    private readonly List<AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame>> _calls = [];

    public IReadOnlyList<AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame>> Calls => _calls;

    public AsyncDuplexStreamingCall<ChatClientFrame, ChatServerFrame> Open(string token)
    {
        if (_calls.Count % streamsPerConnection == 0)
        {
            // One channel per batch, each with its own HTTP/2 connection (100 streams per connection is Kestrel's default limit).
            _channels.Add(GrpcChannel.ForAddress(server, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler() }));
        }
        var call = new ChatService.ChatServiceClient(_channels[^1]).Chat(new Metadata { { "authorization", $"Bearer {token}" } });
        _calls.Add(call);
        return call;
    }

    public void Dispose()
    {
        foreach (var call in _calls)
        {
            call.Dispose();
        }
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
    }
}
