using Grpc.Core;
using Realtime.Grains.Abstractions.Access;

namespace Realtime.Server.Errors;

/// <summary>A topic grain's access refusal as the status it means, for unary calls and stream commands alike.</summary>
public static class AccessRefusals
{
    public static CommandException? ToCommandException(Exception exception) => exception switch
    {
        AccessDeniedException denied => new CommandException(StatusCode.PermissionDenied, denied.Message),
        AccessConflictException conflict => new CommandException(StatusCode.Aborted, conflict.Message),
        _ => null,
    };
}
