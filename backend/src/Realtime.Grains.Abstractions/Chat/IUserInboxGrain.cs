namespace Realtime.Grains.Abstractions.Chat;

/// <summary>
/// One user's notifications: each an entry at the next offset of the user's own log, kept for the newest
/// Chat:InboxMaxCount, with a seen position that only moves forward.
/// </summary>
public interface IUserInboxGrain : IGrainWithStringKey
{
    /// <summary>Stores a mention once per (room, epoch, message offset) and returns whether this call stored it.</summary>
    Task<bool> NotifyAsync(InboxMention mention);

    /// <summary>Up to <paramref name="count"/> notifications before <paramref name="beforeOffset"/> (0: the newest), newest first.</summary>
    Task<InboxPage> ListAsync(long beforeOffset, int count);

    /// <summary>Moves the seen position forward to <paramref name="offset"/> (clamped to the newest) and returns the inbox's counts.</summary>
    Task<InboxPage> MarkSeenAsync(long offset);
}

/// <summary>Someone mentioned the user in a room it may read.</summary>
[GenerateSerializer, Immutable]
public sealed record InboxMention(
    [property: Id(0)] string RoomId,
    [property: Id(1)] string Epoch,
    [property: Id(2)] long MessageOffset,
    [property: Id(3)] string SenderId,
    [property: Id(4)] long ThreadOffset,
    [property: Id(5)] DateTimeOffset SentAt);

/// <summary>Notifications (wire-encoded, newest first) and where the inbox stands: seen up to, newest, how many unseen are retained.</summary>
[GenerateSerializer, Immutable]
public sealed record InboxPage(
    [property: Id(0)] byte[][] Notifications,
    [property: Id(1)] long SeenOffset,
    [property: Id(2)] long LastOffset,
    [property: Id(3)] int Unseen);
