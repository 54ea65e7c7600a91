using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>
/// Decides a stream's join of a topic before the owning grain is asked: the caller as it will act in that topic
/// (with the role an application's callout admitted it with) and how others are shown the user, or a refusal
/// (a <see cref="Errors.CommandException"/>).
/// Asked on the stream's silo, so that a slow decision holds only this join, never the topic's grain.
/// </summary>
public interface IJoinAdmission
{
    /// <param name="caller">Who joins, from the token.</param>
    /// <param name="topic">The topic's name ("chat/lobby", see Topics).</param>
    /// <param name="action">What the join is for: "join", "open", "play" or "watch".</param>
    /// <param name="cancellationToken">The stream's.</param>
    ValueTask<JoinAdmission> AdmitAsync(Caller caller, string topic, string action, CancellationToken cancellationToken);
}

/// <summary>An admitted join: who acts, and the profile the application gave the user (null when it gave none).</summary>
public sealed record JoinAdmission(Caller Caller, MemberProfile? Profile)
{
    /// <summary>A join no callout decided: the caller as the token says, no profile.</summary>
    public static JoinAdmission AsIs(Caller caller) => new(caller, null);
}
