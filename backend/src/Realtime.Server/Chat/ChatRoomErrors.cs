using Grpc.Core;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Server.Errors;

namespace Realtime.Server.Chat;

public static class ChatRoomErrors
{
    public static CommandException ToCommandException(ChatRoomException exception) => new(
        exception.Kind switch
        {
            ChatRoomErrorKind.AlreadyExists => StatusCode.AlreadyExists,
            ChatRoomErrorKind.NotFound => StatusCode.NotFound,
            ChatRoomErrorKind.Invalid => StatusCode.InvalidArgument,
            _ => StatusCode.Internal,
        },
        exception.Message);
}
