using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Limits;
using Realtime.Streaming.Grpc.Telemetry;
using Realtime.Streaming.Outbox;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>The read half of a bidi stream: commands in order, each refused one answered with an error frame while the stream goes on.</summary>
public static class CommandLoop
{
    public static async Task RunAsync<TCommand, TFrame>(
        IAsyncStreamReader<TCommand> requests,
        StreamOutbox<TFrame> outbox,
        Func<TCommand, CancellationToken, Task> dispatch,
        Func<TCommand, CommandException, TFrame> errorFrame,
        CommandLimiter limiter,
        string method,
        CancellationToken cancellationToken) where TFrame : class where TCommand : IMessage
    {
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                var command = requests.Current;
                ServerTelemetry.CommandReceived(method);
                try
                {
                    limiter.Take(command);
                    await dispatch(command, cancellationToken);
                }
                catch (CommandException error)
                {
                    ServerTelemetry.CommandRefused(method, error.Code);
                    await outbox.EnqueueAsync(errorFrame(command, error), cancellationToken);
                }
            }
        }
        catch (ChannelClosedException)
        {
            // The stream is closing (shutdown drain): no more commands are taken.
        }
    }

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    /// <summary>A writer that lets frames already waiting go out in one flush.</summary>
    public static Func<TFrame, bool, Task> Writer<TFrame>(IServerStreamWriter<TFrame> responses, ServerCallContext context)
    {
        var sent = ServerTelemetry.FramesSent(context.Method);
        return (frame, more) =>
        {
            context.WriteOptions = more ? Buffered : WriteOptions.Default;
            Interlocked.Increment(ref sent.Value);
            return responses.WriteAsync(frame);
        };
    }
}
