using Grpc.Core;
using Realtime.Grains.Abstractions;

namespace Realtime.Streaming.Grpc.Errors;

/// <summary>
/// The one mapping of a topic grain's refusal to a gRPC status, for unary calls (through the
/// server's error-mapping interceptor) and stream commands (through the topic connection) alike.
/// </summary>
public static class TopicErrors
{
    /// <param name="refusal">What the grain refused.</param>
    /// <param name="fieldPath">Names the request field at fault: the grain's field name in, the path in the caller's request out.</param>
    public static CommandException ToCommandException(TopicException refusal, Func<string, string>? fieldPath = null)
    {
        if (refusal.Kind == TopicErrorKind.Invalid && refusal.Field.Length > 0)
        {
            return CommandException.Invalid([new Violation(fieldPath?.Invoke(refusal.Field) ?? refusal.Field, refusal.Message)]);
        }
        return new CommandException(StatusOf(refusal.Kind), refusal.Message) { RetryAfter = refusal.RetryAfter };
    }

    public static StatusCode StatusOf(TopicErrorKind kind) => kind switch
    {
        TopicErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        TopicErrorKind.NotFound => StatusCode.NotFound,
        TopicErrorKind.Invalid => StatusCode.InvalidArgument,
        TopicErrorKind.LimitReached or TopicErrorKind.RateLimited => StatusCode.ResourceExhausted,
        TopicErrorKind.Stale or TopicErrorKind.WrongState => StatusCode.FailedPrecondition,
        TopicErrorKind.Denied => StatusCode.PermissionDenied,
        TopicErrorKind.Conflict => StatusCode.Aborted,
        _ => StatusCode.Internal,
    };
}
