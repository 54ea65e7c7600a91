using Microsoft.Extensions.Options;
using Realtime.Server.Hosting;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Streams;

/// <summary>
/// Runs one stream: its outbox's writer loop and its command reader, tied together. When the
/// writer ends both end; when the client half-closes, delivery goes on until the call ends. On
/// shutdown the outbox drains, the stream's last frame is its reconnect hint, and a client that
/// does not read is cut off after the drain timeout. Operators see the stream counted under its gRPC method.
/// </summary>
public sealed class StreamRunner(StreamRegistry registry, IOptions<ServerOptions> options)
{
    public async Task RunAsync<TFrame>(
        string method,
        StreamOutbox<TFrame> outbox,
        Func<CancellationToken, Task> readCommands,
        Func<TFrame, bool, Task> write,
        Func<TFrame> reconnectHint,
        CancellationToken callCancelled) where TFrame : class
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        using var registration = registry.Register(method, () =>
        {
            outbox.Complete(reconnectHint);
            stop.CancelAfter(options.Value.ShutdownDrainTimeout);
        });
        var writer = outbox.RunAsync(write, stop.Token);
        var reader = readCommands(stop.Token);
        var first = await Task.WhenAny(writer, reader);
        if (first == reader && reader.IsCompletedSuccessfully)
        {
            await EndedByClientAsync(writer, callCancelled);
            return;
        }
        await stop.CancelAsync();
        try
        {
            await (first == reader ? writer : reader);
        }
        catch (Exception ex) when (ex is OperationCanceledException || callCancelled.IsCancellationRequested)
        {
            // The other half ended because this one did, or the client went away.
        }
        await EndedByClientAsync(first, callCancelled);
    }

    /// <summary>
    /// Awaits one half; once the client has gone, a write that finds the call complete is how the
    /// stream ends, not a server error.
    /// </summary>
    private static async Task EndedByClientAsync(Task half, CancellationToken callCancelled)
    {
        try
        {
            await half;
        }
        catch (Exception) when (callCancelled.IsCancellationRequested)
        {
            // Nothing to report: the caller is gone.
        }
    }
}
