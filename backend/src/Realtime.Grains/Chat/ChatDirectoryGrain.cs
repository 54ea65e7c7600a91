using Realtime.Grains.Abstractions.Chat;

namespace Realtime.Grains.Chat;

public sealed class ChatDirectoryGrain(
    [PersistentState("directory", ChatGrainsServiceCollectionExtensions.StorageName)] IPersistentState<ChatDirectoryState> state)
    : Grain, IChatDirectoryGrain
{
    public async Task RegisterAsync(string roomId)
    {
        var index = state.State.RoomIds.BinarySearch(roomId, StringComparer.Ordinal);
        if (index < 0)
        {
            state.State.RoomIds.Insert(~index, roomId);
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> ListAsync(string afterRoomId, int maxCount)
    {
        var ids = state.State.RoomIds;
        var index = ids.BinarySearch(afterRoomId, StringComparer.Ordinal);
        var start = index >= 0 ? index + 1 : ~index;
        return Task.FromResult(ids.Skip(start).Take(maxCount).ToArray());
    }
}
