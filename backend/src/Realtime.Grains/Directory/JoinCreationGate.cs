using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Commands;

namespace Realtime.Grains.Directory;

/// <summary>
/// Decides whether a join may create the topic it names (<see cref="TopicOptions"/>): one per
/// silo, shared by every topic grain on it, so a user cannot mint topics by joining made-up ids faster
/// than the limit (per silo, not cluster-wide: a user spread over n silos gets n times the limit).
/// </summary>
public sealed class JoinCreationGate(IOptions<TopicOptions> options, TimeProvider time)
{
    /// <summary>Users remembered before full buckets are dropped: an idle user's bucket is the same as none.</summary>
    private const int PruneAbove = 10_000;

    private readonly TopicOptions _options = options.Value;
    private readonly PerUserRateLimiter _limiter = new(options.Value.JoinCreationLimit, options.Value.JoinCreationPeriod, time);
    private readonly Lock _lock = new();

    /// <summary>Throws <see cref="TopicException"/> unless <paramref name="caller"/> may create <paramref name="topicName"/> ("room 'lobby'") by joining it.</summary>
    public void Demand(Caller caller, string topicName)
    {
        if (!_options.CreateOnJoin)
        {
            throw new TopicException(TopicErrorKind.NotFound, $"There is no {topicName}; this server creates topics only when asked to (Topics:CreateOnJoin is off).");
        }
        if (caller.IsAdmin)
        {
            return;
        }
        lock (_lock)
        {
            if (_limiter.Count > PruneAbove)
            {
                _limiter.DropFull();
            }
            if (!_limiter.TryTake(caller.UserId))
            {
                throw new TopicException(TopicErrorKind.RateLimited, $"'{caller.UserId}' has created {_options.JoinCreationLimit} topics by joining in {_options.JoinCreationPeriod}; wait, or create {topicName} explicitly.");
            }
        }
    }
}
