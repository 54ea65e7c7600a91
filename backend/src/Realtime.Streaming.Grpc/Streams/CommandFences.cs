using Grpc.Core;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>
/// Keeps a stream's keyed commands (a room's sends) in order across refusals a client retries: once one
/// is refused for a passing reason (Unavailable, or a rate limit with a retry delay), the later ones with
/// its key are refused the same way until the refused command comes again. Without this, a send that
/// arrived after a refused one could be stored before the refused one's retry. A client that resends
/// its unacked commands oldest first (the SDKs do) passes straight through.
/// </summary>
internal sealed class CommandFences<TCommand>(Func<TCommand, string> idOf)
{
    private readonly Dictionary<string, (string Id, TimeSpan? RetryAfter)> _fences = new(StringComparer.Ordinal);

    /// <summary>The refusal for a command behind a fence, or null (a fence lifts when its refused command comes again).</summary>
    public CommandException? Check(TCommand command, string key)
    {
        if (!_fences.TryGetValue(key, out var fence))
        {
            return null;
        }
        if (string.Equals(idOf(command), fence.Id, StringComparison.Ordinal))
        {
            _fences.Remove(key);
            return null;
        }
        return new CommandException(StatusCode.Unavailable, $"An earlier command for '{key}' on this stream was refused; resend from '{fence.Id}'.")
        {
            RetryAfter = fence.RetryAfter,
        };
    }

    public void Refused(TCommand command, string key, CommandException error)
    {
        var passing = error.Code == StatusCode.Unavailable || (error.Code == StatusCode.ResourceExhausted && error.RetryAfter is not null);
        if (passing && !_fences.ContainsKey(key))
        {
            _fences[key] = (idOf(command), error.RetryAfter);
        }
    }
}
