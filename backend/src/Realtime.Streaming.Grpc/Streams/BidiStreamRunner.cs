using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Protos;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Limits;
using Realtime.Streaming.Outbox;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>
/// Runs one bidirectional stream of any kind (Chat, Collaborate …): accepts it, gives it one outbox and
/// the kind's connection, then reads commands and writes frames until either side ends.
/// </summary>
public sealed class BidiStreamRunner(
    TopicGrainResolver grains,
    IOptions<StreamingOptions> streaming,
    StreamRunner runner,
    StreamAdmission admission,
    IOptions<LimitsOptions> limits,
    TimeProvider time)
{
    public async Task RunAsync<TCommand, TFrame, TConnection>(
        IAsyncStreamReader<TCommand> requests,
        IServerStreamWriter<TFrame> responses,
        ServerCallContext context,
        BidiStreamKind<TCommand, TFrame, TConnection> kind,
        ILogger logger) where TFrame : class where TConnection : IAsyncDisposable where TCommand : Google.Protobuf.IMessage
    {
        using var admitted = admission.Admit(context);
        using var limiter = new CommandLimiter(limits.Value, time);
        var outbox = new StreamOutbox<TFrame>(kind.Frames, grains, streaming.Value, logger);
        // Headers first: the client knows the stream was accepted before it sends anything.
        await context.WriteResponseHeadersAsync(new Metadata { { StreamHeaders.Accepted, "1" } });
        await using var connection = kind.Connect(outbox);
        await runner.RunAsync(
            context,
            outbox,
            cancellationToken => CommandLoop.RunAsync(
                requests, outbox, (command, ct) => kind.Dispatch(command, connection, ct), kind.ErrorFrame, limiter, context.Method, kind.Runs?.Invoke(connection), cancellationToken),
            CommandLoop.Writer(responses, context),
            () => kind.ReconnectHint(connection));
    }
}

/// <summary>
/// What makes one kind of bidi stream: its frames, its connection, how commands and refusals become
/// frames, and which commands may be dispatched together (<see cref="CommandRuns{TCommand}"/>, optional).
/// </summary>
public sealed record BidiStreamKind<TCommand, TFrame, TConnection>(
    IStreamFrames<TFrame> Frames,
    Func<StreamOutbox<TFrame>, TConnection> Connect,
    Func<TCommand, TConnection, CancellationToken, Task> Dispatch,
    Func<TCommand, CommandException, TFrame> ErrorFrame,
    Func<TConnection, TFrame> ReconnectHint,
    Func<TConnection, CommandRuns<TCommand>>? Runs = null) where TFrame : class;
