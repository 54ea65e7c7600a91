using Grpc.Core;
using Realtime.Grains.Abstractions.Game;
using Realtime.Server.Errors;

namespace Realtime.Server.Games;

public static class GameErrors
{
    public static CommandException ToCommandException(GameException exception) =>
        exception.Kind == GameErrorKind.Invalid && exception.Field.Length > 0
            ? CommandException.Invalid([new Violation(exception.Field, exception.Message)])
            : new CommandException(
                exception.Kind switch
                {
                    GameErrorKind.AlreadyExists => StatusCode.AlreadyExists,
                    GameErrorKind.NotFound => StatusCode.NotFound,
                    GameErrorKind.Invalid => StatusCode.InvalidArgument,
                    GameErrorKind.Full or GameErrorKind.RateLimited => StatusCode.ResourceExhausted,
                    GameErrorKind.WrongState => StatusCode.FailedPrecondition,
                    _ => StatusCode.Internal,
                },
                exception.Message);
}
