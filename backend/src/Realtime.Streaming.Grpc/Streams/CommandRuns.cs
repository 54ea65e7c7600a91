using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>
/// Commands that may reach their owner together: consecutive commands of one stream with the same key,
/// already read when the first is dispatched, go as one run. A stream's sends to one room are such (the
/// room stores a run with one grain call and one log append), so a client that sends without waiting
/// for each ack is not held to one round trip per send; order and one answer per command are kept.
/// </summary>
/// <param name="KeyOf">The run a command may join; null for a command that goes alone.</param>
/// <param name="IdOf">A keyed command's client id, which a client retrying it sends again (see <see cref="CommandFences{TCommand}"/>).</param>
/// <param name="OrderKeyOf">
/// For a command that goes alone but whose order matters among those with the same key (a room's edits
/// and reactions: a reaction taken back must not be overtaken by its own retried adding), that key; their
/// order survives refusals a client retries like a run's. Null: no order to keep.
/// </param>
/// <param name="Check">Validates a command before it joins a run (throws its <c>CommandException</c>).</param>
/// <param name="DispatchRun">
/// Dispatches a run, answers the commands it took, and returns each command's refusal (null where answered), which
/// the loop answers after them; a <c>CommandException</c> it throws refuses every command in it.
/// </param>
/// <param name="MaxRun">Most commands in one run.</param>
public sealed record CommandRuns<TCommand>(
    Func<TCommand, string?> KeyOf,
    Func<TCommand, string> IdOf,
    Action<TCommand> Check,
    Func<IReadOnlyList<TCommand>, CancellationToken, Task<IReadOnlyList<CommandException?>>> DispatchRun,
    int MaxRun,
    Func<TCommand, string?>? OrderKeyOf = null);
