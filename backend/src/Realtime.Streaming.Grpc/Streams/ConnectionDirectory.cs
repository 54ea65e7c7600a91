using Realtime.Grains.Abstractions.Access;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>A connection that can be removed from a topic when its user's access is lowered.</summary>
public interface IRevocableConnection
{
    Caller Caller { get; }

    /// <summary>Leaves <paramref name="topic"/> if joined, telling the client why; false if it was not joined.</summary>
    Task<bool> RevokeAsync(string topic);
}

/// <summary>This silo's open topic connections by user, so a lowered user's streams can be found without scanning every stream.</summary>
public sealed class ConnectionDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<IRevocableConnection>> _byUser = new(StringComparer.Ordinal);

    public void Add(IRevocableConnection connection)
    {
        lock (_gate)
        {
            if (!_byUser.TryGetValue(connection.Caller.UserId, out var connections))
            {
                _byUser[connection.Caller.UserId] = connections = [];
            }
            connections.Add(connection);
        }
    }

    public void Remove(IRevocableConnection connection)
    {
        lock (_gate)
        {
            if (_byUser.TryGetValue(connection.Caller.UserId, out var connections) && connections.Remove(connection) && connections.Count == 0)
            {
                _byUser.Remove(connection.Caller.UserId);
            }
        }
    }

    /// <summary>Removes the given users' connections (admins' excepted) from <paramref name="topic"/>; returns how many left it.</summary>
    public async Task<int> RevokeAsync(string topic, IEnumerable<string> userIds)
    {
        IRevocableConnection[] affected;
        lock (_gate)
        {
            affected = [.. userIds.SelectMany(user => _byUser.GetValueOrDefault(user) ?? []).Where(c => !c.Caller.IsAdmin)];
        }
        // Together: each may wait a little for room for its notice in a stream that is not being read.
        var revoked = await Task.WhenAll(affected.Select(connection => connection.RevokeAsync(topic)));
        return revoked.Count(removed => removed);
    }
}
