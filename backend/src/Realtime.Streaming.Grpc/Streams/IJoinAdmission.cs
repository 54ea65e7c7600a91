using Realtime.Grains.Abstractions.Access;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>
/// Decides a stream's join of a topic before the owning grain is asked: the caller as it will act in that topic
/// (with the role an application's callout admitted it with), or a refusal (a <see cref="Errors.CommandException"/>).
/// Asked on the stream's silo, so that a slow decision holds only this join, never the topic's grain.
/// </summary>
public interface IJoinAdmission
{
    /// <param name="caller">Who joins, from the token.</param>
    /// <param name="topic">The topic's name ("chat/lobby", see Topics).</param>
    /// <param name="action">What the join is for: "join", "open", "play" or "watch".</param>
    /// <param name="cancellationToken">The stream's.</param>
    ValueTask<Caller> AdmitAsync(Caller caller, string topic, string action, CancellationToken cancellationToken);
}
