using System.Collections.Concurrent;
using Grpc.Core;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Sessions;

/// <summary>The sessions whose streams this instance holds. A session is usable only by the token subject that opened it.</summary>
public sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    public void Add(Session session) => _sessions[session.Id] = session;

    public void Remove(string sessionId) => _sessions.TryRemove(sessionId, out _);

    public bool Holds(string sessionId) => _sessions.ContainsKey(sessionId);

    public Session Session(string sessionId, string callerId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            throw CommandException.Invalid([new Violation("session_id", "is required")]);
        }
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            throw new CommandException(StatusCode.NotFound, "No such session; it ended with its stream. Open a new session.");
        }
        return string.Equals(session.UserId, callerId, StringComparison.Ordinal)
            ? session
            : throw new CommandException(StatusCode.PermissionDenied, "The session belongs to another user.");
    }
}
