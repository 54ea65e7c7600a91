using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Realtime.Protos.Common.V1;

namespace Realtime.Streaming.Grpc.Errors;

/// <summary>
/// A command was refused with a precise status. Unary calls surface it as an RpcException carrying
/// google.rpc.BadRequest details; streams answer it with an error frame and stay open.
/// </summary>
public sealed class CommandException : Exception
{
    public CommandException()
    {
    }

    public CommandException(string message) : base(message)
    {
    }

    public CommandException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public CommandException(StatusCode code, string message, IReadOnlyList<Violation>? violations = null) : base(message)
    {
        Code = code;
        Violations = violations ?? [];
    }

    public StatusCode Code { get; } = StatusCode.Unknown;

    public IReadOnlyList<Violation> Violations { get; } = [];

    /// <summary>For a rate limit: when the same command would be taken again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Storage (Redis) could not be reached: transient, retried after a second.</summary>
    public static CommandException StorageUnavailable(string what) =>
        new(StatusCode.Unavailable, $"{what} is unreachable; retry.") { RetryAfter = TimeSpan.FromSeconds(1) };

    public static CommandException Invalid(IReadOnlyList<Violation> violations) =>
        new(StatusCode.InvalidArgument, string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")), violations);

    /// <summary>A frame whose command is empty or of a kind this server does not know (a newer client).</summary>
    public static CommandException UnknownCommand() =>
        Invalid([new Violation("command", "is empty or of a kind this server does not know")]);

    /// <summary>
    /// This refusal for a request that carries the command under <paramref name="prefix"/> ("messages[2].", "game."):
    /// its fields, and an invalid argument's message, name them where they are.
    /// </summary>
    public CommandException Nested(string prefix)
    {
        var violations = Violations.Select(v => v with { Field = prefix + v.Field }).ToArray();
        var message = Code == StatusCode.InvalidArgument && violations.Length > 0 ? Invalid(violations).Message : Message;
        return new CommandException(Code, message, violations) { RetryAfter = RetryAfter };
    }

    /// <summary>Refuses the command with every rule it broke, or lets it through when it broke none.</summary>
    public static void ThrowIfAny(IReadOnlyList<Violation> violations)
    {
        if (violations.Count > 0)
        {
            throw Invalid(violations);
        }
    }

    public RpcException ToRpcException()
    {
        var status = new Google.Rpc.Status { Code = (int)Code, Message = Message };
        if (Violations.Count > 0)
        {
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(Violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
            status.Details.Add(Any.Pack(badRequest));
        }
        if (RetryAfter is { } retryAfter)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }));
        }
        return status.ToRpcException();
    }

    public ErrorDetail ToErrorDetail()
    {
        var detail = new ErrorDetail { Code = (int)Code, Message = Message, RetryAfter = RetryAfter is { } after ? Duration.FromTimeSpan(after) : null };
        detail.FieldViolations.AddRange(Violations.Select(v => new Protos.Common.V1.FieldViolation { Field = v.Field, Description = v.Description }));
        return detail;
    }
}
