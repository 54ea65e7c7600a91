using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Access;

/// <summary>
/// What every topic grain does with its access policy: shows it to members, lets the owner replace it,
/// and names the present users the replacement lowered.
/// </summary>
/// <param name="topicName">How messages name the topic ("room 'lobby'").</param>
/// <param name="exists">Whether the topic was ever created.</param>
/// <param name="current">The policy in force.</param>
/// <param name="storeAsync">Stores a new policy in the grain's state.</param>
/// <param name="present">The users present in the topic now.</param>
public sealed class AccessKeeper(
    string topicName,
    Func<bool> exists,
    Func<TopicAccess> current,
    Func<TopicAccess, Task> storeAsync,
    Func<IEnumerable<string>> present)
{
    public Task<TopicAccess?> GetAsync(Caller caller)
    {
        if (!exists())
        {
            return Task.FromResult<TopicAccess?>(null);
        }
        current().Demand(caller, AccessRole.Reader, $"read the access of {topicName}");
        return Task.FromResult<TopicAccess?>(current());
    }

    public async Task<AccessUpdate?> UpdateAsync(Caller caller, TopicAccess next)
    {
        if (!exists())
        {
            return null;
        }
        var before = current();
        var updated = before.ReplacedBy(caller, next, topicName);
        await storeAsync(updated);
        return new AccessUpdate(updated, before.Lowered(updated, present()));
    }
}
