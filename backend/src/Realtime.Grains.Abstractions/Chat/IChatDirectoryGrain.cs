namespace Realtime.Grains.Abstractions.Chat;

/// <summary>The list of room ids (one grain per cluster, key <see cref="Key"/>), ordered by id.</summary>
public interface IChatDirectoryGrain : IGrainWithStringKey
{
    const string Key = "chat";

    Task RegisterAsync(string roomId);

    /// <summary>Room ids greater than <paramref name="afterRoomId"/>, ascending, at most <paramref name="maxCount"/>.</summary>
    Task<string[]> ListAsync(string afterRoomId, int maxCount);
}
