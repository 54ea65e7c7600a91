using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Access;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Queries;

/// <summary>The guard in front of every read of a topic's info: it exists (else NotFound) and the caller may read it (else PermissionDenied).</summary>
public static class ReadableTopics
{
    /// <param name="info">What the topic's grain answered; null when the topic was never created.</param>
    /// <param name="caller">Who asks, from the token.</param>
    /// <param name="noun">What the topic is called in messages ("room", "document", "game").</param>
    /// <param name="id">The topic's id as the caller named it.</param>
    public static async Task<T> DemandAsync<T>(Task<T?> info, Caller caller, string noun, string id) where T : class, ITopicInfo
    {
        var found = await info ?? throw new CommandException(StatusCode.NotFound, $"The {noun} '{id}' does not exist.");
        found.Access.Demand(caller, AccessRole.Reader, $"read the {noun} '{id}'");
        return found;
    }
}
