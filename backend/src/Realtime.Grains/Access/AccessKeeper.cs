using Realtime.Grains.Abstractions.Access;

namespace Realtime.Grains.Access;

/// <summary>
/// What every topic grain does with its access policy: keeps it in the grain's state, shows it to
/// members, lets the owner replace it, and names the present users the replacement lowered.
/// </summary>
/// <param name="state">The grain's stored state.</param>
/// <param name="topicName">How messages name the topic ("room 'lobby'").</param>
/// <param name="present">The users present in the topic now.</param>
public sealed class AccessKeeper<TState>(IPersistentState<TState> state, string topicName, Func<IEnumerable<string>> present)
    where TState : IAccessState
{
    /// <summary>The policy in force; a topic stored before policies gets its public one once, not on every check.</summary>
    public TopicAccess Current => state.State.Access ??= TopicAccess.Public(state.State.CreatedBy);

    public Task<TopicAccess?> GetAsync(Caller caller)
    {
        if (!state.RecordExists)
        {
            return Task.FromResult<TopicAccess?>(null);
        }
        Current.Demand(caller, AccessRole.Reader, $"read the access of {topicName}");
        return Task.FromResult<TopicAccess?>(Current);
    }

    public async Task<AccessUpdate?> UpdateAsync(Caller caller, TopicAccess next)
    {
        if (!state.RecordExists)
        {
            return null;
        }
        var before = Current;
        var updated = before.ReplacedBy(caller, next, topicName);
        state.State.Access = updated;
        await state.WriteStateAsync();
        return new AccessUpdate(updated, before.Lowered(updated, present()));
    }
}
