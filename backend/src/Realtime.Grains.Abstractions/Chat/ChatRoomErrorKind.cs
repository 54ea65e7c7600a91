namespace Realtime.Grains.Abstractions.Chat;

public enum ChatRoomErrorKind
{
    Unspecified = 0,
    AlreadyExists = 1,
    NotFound = 2,
    Invalid = 3,
}
