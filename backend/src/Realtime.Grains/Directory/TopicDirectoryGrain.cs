using Realtime.Grains.Abstractions;

namespace Realtime.Grains.Directory;

public sealed class TopicDirectoryGrain(
    [PersistentState("directory", GrainStorage.Name)] IPersistentState<TopicDirectoryState> state)
    : Grain, ITopicDirectoryGrain
{
    public async Task RegisterAsync(string id)
    {
        var index = state.State.Ids.BinarySearch(id, StringComparer.Ordinal);
        if (index < 0)
        {
            state.State.Ids.Insert(~index, id);
            await state.WriteStateAsync();
        }
    }

    public Task<string[]> ListAsync(string afterId, int maxCount)
    {
        var ids = state.State.Ids;
        var index = ids.BinarySearch(afterId, StringComparer.Ordinal);
        var start = index >= 0 ? index + 1 : ~index;
        return Task.FromResult(ids.Skip(start).Take(maxCount).ToArray());
    }
}
