using Grpc.Core;
using Realtime.Streaming.Grpc.Identity;
using Realtime.Streaming.Outbox;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>
/// Runs one stream: its outbox's writer loop and its command reader, tied together. When either half
/// fails both end; when the client half-closes, delivery goes on until the call ends. On shutdown the
/// outbox drains, the stream's last frame is its reconnect hint, and the call ends once the client has
/// ended its side; a client that does not is cut off after the drain timeout. A stream lives no longer
/// than its token (plus a grace): then it ends with Unauthenticated, and the client reconnects with a
/// fresh token and resumes. Operators see the stream counted under its gRPC method.
/// </summary>
public sealed class StreamRunner(StreamRegistry registry, StreamLifetime lifetime, TimeProvider time)
{
    public async Task RunAsync<TFrame>(
        ServerCallContext context,
        StreamOutbox<TFrame> outbox,
        Func<CancellationToken, Task> readCommands,
        Func<TFrame, bool, Task> write,
        Func<TFrame> reconnectHint) where TFrame : class
    {
        var callCancelled = context.CancellationToken;
        using var expired = TokenLifetime(context);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, expired.Token);
        using var registration = registry.Register(context.Method, () =>
        {
            outbox.Complete(reconnectHint);
            stop.CancelAfter(lifetime.DrainTimeout);
        });
        try
        {
            await RunHalvesAsync(outbox.RunAsync(write, stop.Token), readCommands(stop.Token), stop, callCancelled);
        }
        catch (OperationCanceledException) when (expired.IsCancellationRequested && !callCancelled.IsCancellationRequested)
        {
            // Reported below.
        }
        if (expired.IsCancellationRequested && !callCancelled.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The token expired; reconnect with a fresh token to resume."));
        }
    }

    /// <summary>Cancelled when the caller's token, plus the grace, has run out (never for a token without expiry).</summary>
    private CancellationTokenSource TokenLifetime(ServerCallContext context)
    {
        if (TokenExpiry.Of(context.GetHttpContext().User) is not { } expires)
        {
            return new CancellationTokenSource();
        }
        var left = expires + lifetime.TokenGrace - time.GetUtcNow();
        return new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
    }

    private static async Task RunHalvesAsync(Task writer, Task reader, CancellationTokenSource stop, CancellationToken callCancelled)
    {
        var first = await Task.WhenAny(writer, reader);
        if (first == reader && reader.IsCompletedSuccessfully)
        {
            await EndedByClientAsync(writer, callCancelled);
            return;
        }
        if (first == writer && writer.IsCompletedSuccessfully)
        {
            await HintReadAsync(reader, stop.Token);
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
    /// The writer ends by itself only after the reconnect hint. The call stays open until the client ends its
    /// side (having read the hint) or the drain timeout fires: ending it first resets a stream whose client is
    /// still sending, and the client's HTTP/2 stack drops whatever it had not yet read, the hint included.
    /// </summary>
    private static async Task HintReadAsync(Task reader, CancellationToken stopped)
    {
        try
        {
            await reader;
        }
        catch (Exception) when (stopped.IsCancellationRequested)
        {
            // The client went away, or kept its side open past the drain timeout.
        }
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
