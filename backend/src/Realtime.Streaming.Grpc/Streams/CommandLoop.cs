using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Limits;
using Realtime.Streaming.Grpc.Telemetry;
using Realtime.Streaming.Outbox;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>
/// The read half of a bidi stream: commands in order, each refused one answered with an error frame while
/// the stream goes on. Commands that <see cref="CommandRuns{TCommand}"/> lets travel together, and that
/// were already read when the first of them is dispatched, are dispatched as one run; their order
/// survives refusals a client retries (<see cref="CommandFences{TCommand}"/>).
/// </summary>
public static class CommandLoop
{
    public static async Task RunAsync<TCommand, TFrame>(
        IAsyncStreamReader<TCommand> requests,
        StreamOutbox<TFrame> outbox,
        Func<TCommand, CancellationToken, Task> dispatch,
        Func<TCommand, CommandException, TFrame> errorFrame,
        CommandLimiter limiter,
        string method,
        CommandRuns<TCommand>? runs,
        CancellationToken cancellationToken) where TFrame : class where TCommand : IMessage
    {
        var fences = runs is null ? null : new CommandFences<TCommand>(runs.IdOf);

        // The key whose order a command keeps across retried refusals: its run's, or its own if it goes alone in order.
        string? FenceKeyOf(TCommand command) => runs?.KeyOf(command) ?? runs?.OrderKeyOf?.Invoke(command);

        async Task RefuseAsync(TCommand command, CommandException error)
        {
            ServerTelemetry.CommandRefused(method, error.Code);
            if (FenceKeyOf(command) is { } key)
            {
                fences!.Refused(command, key, error);
            }
            await outbox.EnqueueAsync(errorFrame(command, error), cancellationToken);
        }

        try
        {
            Task<bool>? read = null;
            (TCommand Command, CommandException? Refusal)? held = null;
            while (true)
            {
                TCommand command;
                if (held is { } waiting)
                {
                    held = null;
                    if (waiting.Refusal is { } refusal)
                    {
                        // Refused while a run was being gathered: answered after the run, in command order.
                        await RefuseAsync(waiting.Command, refusal);
                        continue;
                    }
                    command = waiting.Command;
                }
                else
                {
                    if (!await (read ?? requests.MoveNext(cancellationToken)))
                    {
                        return;
                    }
                    read = null;
                    command = requests.Current;
                    ServerTelemetry.CommandReceived(method);
                }

                if (runs?.KeyOf(command) is not { } key)
                {
                    if (FenceKeyOf(command) is { } orderKey && fences!.Check(command, orderKey) is { } behindAlone)
                    {
                        await RefuseAsync(command, behindAlone);
                        continue;
                    }
                    try
                    {
                        limiter.Take(command);
                        await dispatch(command, cancellationToken);
                    }
                    catch (CommandException error)
                    {
                        await RefuseAsync(command, error);
                    }
                    continue;
                }

                if (fences!.Check(command, key) is { } behind)
                {
                    await RefuseAsync(command, behind);
                    continue;
                }
                try
                {
                    limiter.Take(command);
                    runs.Check(command);
                }
                catch (CommandException error)
                {
                    await RefuseAsync(command, error);
                    continue;
                }
                var run = new List<TCommand> { command };
                while (run.Count < runs.MaxRun)
                {
                    // Only what has already arrived joins: a run never waits for the client.
                    read = requests.MoveNext(cancellationToken);
                    if (!read.IsCompletedSuccessfully || !read.Result)
                    {
                        break;
                    }
                    read = null;
                    var next = requests.Current;
                    ServerTelemetry.CommandReceived(method);
                    if (!string.Equals(runs.KeyOf(next), key, StringComparison.Ordinal))
                    {
                        held = (next, null);
                        break;
                    }
                    if (fences.Check(next, key) is { } behindRun)
                    {
                        held = (next, behindRun);
                        break;
                    }
                    try
                    {
                        limiter.Take(next);
                        runs.Check(next);
                        run.Add(next);
                    }
                    catch (CommandException error)
                    {
                        held = (next, error);
                        break;
                    }
                }
                IReadOnlyList<CommandException?> refusals;
                try
                {
                    refusals = await runs.DispatchRun(run, cancellationToken);
                }
                catch (CommandException error)
                {
                    refusals = [.. run.Select(_ => error)];
                }
                for (var i = 0; i < run.Count; i++)
                {
                    if (refusals[i] is { } refusal)
                    {
                        await RefuseAsync(run[i], refusal);
                    }
                }
            }
        }
        catch (ChannelClosedException)
        {
            // The stream is closing (shutdown drain): no more commands are taken. The rest are read and dropped
            // until the client ends its side, so the call is not reset under its unread reconnect hint; the
            // client resends what was not acknowledged once it has reconnected (docs/ARCHITECTURE.md).
            while (await requests.MoveNext(cancellationToken))
            {
            }
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
