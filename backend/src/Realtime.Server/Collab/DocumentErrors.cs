using Grpc.Core;
using Realtime.Grains.Abstractions.Collab;
using Realtime.Server.Errors;

namespace Realtime.Server.Collab;

public static class DocumentErrors
{
    /// <param name="exception">What the grain refused.</param>
    /// <param name="prefix">The request path of the command ("edit", "cursor") that field names hang off.</param>
    /// <param name="rangeField">For a simple-form edit, the oneof case it used ("insert", "delete", "replace").</param>
    public static CommandException ToCommandException(DocumentException exception, string prefix = "", string rangeField = "range")
    {
        if (exception.Kind == DocumentErrorKind.Invalid && exception.Field.Length > 0)
        {
            var field = exception.Field == "range" ? rangeField : exception.Field;
            return CommandException.Invalid([new Violation(prefix.Length > 0 ? $"{prefix}.{field}" : field, exception.Message)]);
        }
        return new CommandException(
            exception.Kind switch
            {
                DocumentErrorKind.AlreadyExists => StatusCode.AlreadyExists,
                DocumentErrorKind.NotFound => StatusCode.NotFound,
                DocumentErrorKind.Invalid => StatusCode.InvalidArgument,
                DocumentErrorKind.TooLarge or DocumentErrorKind.RateLimited => StatusCode.ResourceExhausted,
                DocumentErrorKind.Stale => StatusCode.FailedPrecondition,
                _ => StatusCode.Internal,
            },
            exception.Message);
    }
}
