namespace Realtime.Grains.Abstractions.Admin;

/// <summary>
/// The browser sessions one silo holds. A session's stream lives on one silo, but its unary commands
/// may reach any silo behind the balancer; those are forwarded here.
/// </summary>
public interface ISessionHost : IGrainObserver
{
    /// <summary>Runs one session command on the session it names, as the caller it names.</summary>
    /// <param name="command">The command's request message type (protobuf full name).</param>
    /// <param name="callerId">The token subject of the original call.</param>
    /// <param name="request">The request, protobuf-encoded.</param>
    Task<SessionCommandResult> InvokeAsync(string command, string callerId, byte[] request);
}

/// <summary>A forwarded command's protobuf-encoded response, or the status it was refused with.</summary>
[GenerateSerializer, Immutable]
public sealed class SessionCommandResult
{
    [Id(0)] public byte[]? Response { get; init; }
    /// <summary>A gRPC status code; 0 with a response.</summary>
    [Id(1)] public int StatusCode { get; init; }
    [Id(2)] public string Message { get; init; } = "";
    [Id(3)] public (string Field, string Description)[] Violations { get; init; } = [];
}
