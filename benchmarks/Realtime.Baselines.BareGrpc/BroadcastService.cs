using System.Threading.Channels;
using Grpc.Core;
using Realtime.Baselines.V1;

namespace Realtime.Baselines.BareGrpc;

/// <summary>One stream: commands in, and one writer loop draining the stream's queue out.</summary>
public sealed class BroadcastService(Rooms rooms) : Broadcast.BroadcastBase
{
    private const int QueueCapacity = 1024;

    public override async Task Chat(IAsyncStreamReader<ClientFrame> requestStream, IServerStreamWriter<ServerFrame> responseStream, ServerCallContext context)
    {
        var queue = Channel.CreateBounded<ServerFrame>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
        var joined = new List<string>();
        var writer = WriteAsync(queue.Reader, responseStream, context.CancellationToken);
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var command = requestStream.Current;
                if (command.CommandCase == ClientFrame.CommandOneofCase.JoinRoom)
                {
                    rooms.Join(command.JoinRoom, queue.Writer);
                    joined.Add(command.JoinRoom);
                    queue.Writer.TryWrite(new ServerFrame { Joined = command.JoinRoom });
                }
                else if (command.CommandCase == ClientFrame.CommandOneofCase.Send)
                {
                    rooms.Broadcast(command.Send);
                }
            }
        }
        finally
        {
            foreach (var room in joined)
            {
                rooms.Leave(room, queue.Writer);
            }
            queue.Writer.TryComplete();
            await writer;
        }
    }

    private static async Task WriteAsync(ChannelReader<ServerFrame> queue, IServerStreamWriter<ServerFrame> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in queue.ReadAllAsync(cancellationToken))
            {
                await responses.WriteAsync(frame, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away.
        }
    }
}
