using Google.Protobuf;
using Grpc.Core;
using Realtime.Server.Cluster;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;

namespace Realtime.Server.Sessions;

/// <summary>
/// Runs a session command where its session lives: here when this silo holds the session's stream,
/// otherwise forwarded to the silo its id names (browsers' unary calls may reach any silo behind the
/// balancer). The caller is always the original call's token subject.
/// </summary>
public sealed class SessionCommands(SessionCommandTable table, SessionRegistry sessions, SiloDirectory silos, ILocalSiloDetails localSilo)
{
    private readonly string _localSilo = localSilo.SiloAddress.ToParsableString();

    public async Task<TResponse> RunAsync<TResponse>(IMessage request, ServerCallContext context) where TResponse : IMessage<TResponse>, new()
    {
        var name = request.Descriptor.FullName;
        var command = table[name];
        var sessionId = command.SessionId(request);
        var callerId = context.UserId();
        var silo = SessionIds.Silo(sessionId);
        if (sessions.Holds(sessionId) || silo is null || silo == _localSilo)
        {
            return (TResponse)await command.Run(sessions.Session(sessionId, callerId), request, context.CancellationToken);
        }
        var endpoints = await silos.FindAsync(silo)
            ?? throw new CommandException(StatusCode.NotFound, "The session's instance is gone; it ended with its stream. Open a new session.");
        var result = await silos.WithinTimeoutAsync(silo, endpoints.Sessions.InvokeAsync(name, callerId, request.ToByteArray()), context.CancellationToken);
        if (result.Response is null)
        {
            throw new CommandException((StatusCode)result.StatusCode, result.Message, [.. result.Violations.Select(v => new Violation(v.Field, v.Description))]);
        }
        var response = new TResponse();
        response.MergeFrom(result.Response);
        return response;
    }
}
