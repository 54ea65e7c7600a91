namespace Realtime.Grains.Abstractions.Access;

/// <summary>A topic grain that keeps an access policy (chat room, document, game).</summary>
public interface IAccessControlledGrain : IGrainWithStringKey
{
    /// <summary>The policy, or null if the topic was never created. Demands <see cref="AccessRole.Reader"/>.</summary>
    Task<TopicAccess?> GetAccessAsync(Caller caller);

    /// <summary>
    /// Replaces the policy (see <see cref="TopicAccess.ReplacedBy"/>), or returns null if the topic was never
    /// created. The result names the present users whose role it lowered.
    /// </summary>
    Task<AccessUpdate?> UpdateAccessAsync(Caller caller, TopicAccess next);
}
