using System.Collections.Immutable;
using Realtime.Grains.Abstractions;

namespace Realtime.Grains.Presence;

/// <summary>
/// Who is in a room: connections hold leases, a user is present while any of their connections is
/// (two streams, one member). Changes accumulate until <see cref="TakeChanges"/>, with a leave and a
/// rejoin inside one batch cancelling out.
/// </summary>
public sealed class PresenceTracker(TimeSpan ttl)
{
    private readonly Dictionary<string, (string UserId, DateTimeOffset Expires)> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _connectionsPerUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MemberProfile> _profiles = new(StringComparer.Ordinal);
    private readonly HashSet<string> _joined = new(StringComparer.Ordinal);
    private readonly HashSet<string> _left = new(StringComparer.Ordinal);

    /// <summary>The present users in id order: a balanced tree, so a page is found by position at any room size.</summary>
    private ImmutableSortedSet<string> _present = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    public bool HasChanges => _joined.Count > 0 || _left.Count > 0;

    public bool IsEmpty => _connections.Count == 0;

    public bool Holds(string connectionId) => _connections.ContainsKey(connectionId);

    public string[] Members => [.. _present];

    /// <summary>Present users.</summary>
    public int Count => _present.Count;

    /// <summary>Present users with ids ordinally after <paramref name="afterUserId"/> ("" for the first), at most <paramref name="maxCount"/>.</summary>
    public string[] Page(string afterUserId, int maxCount)
    {
        var start = 0;
        if (afterUserId.Length > 0)
        {
            var found = _present.IndexOf(afterUserId);
            start = found >= 0 ? found + 1 : ~found;
        }
        var page = new string[Math.Clamp(_present.Count - start, 0, maxCount)];
        for (var i = 0; i < page.Length; i++)
        {
            page[i] = _present[start + i];
        }
        return page;
    }

    public int Connections => _connections.Count;

    /// <summary>How a present user is shown, from their latest lease that said.</summary>
    public MemberProfile? ProfileOf(string userId) => _profiles.GetValueOrDefault(userId);

    public void Join(PresenceLease lease, DateTimeOffset now)
    {
        if (lease.Profile is { } profile)
        {
            _profiles[lease.UserId] = profile;
        }
        if (_connections.TryGetValue(lease.ConnectionId, out var existing))
        {
            _connections[lease.ConnectionId] = (existing.UserId, now + ttl);
            return;
        }
        _connections[lease.ConnectionId] = (lease.UserId, now + ttl);
        var count = _connectionsPerUser.GetValueOrDefault(lease.UserId) + 1;
        _connectionsPerUser[lease.UserId] = count;
        if (count > 1)
        {
            return;
        }
        _present = _present.Add(lease.UserId);
        if (!_left.Remove(lease.UserId))
        {
            _joined.Add(lease.UserId);
        }
    }

    /// <summary>Renews known leases and re-learns unknown ones (e.g. after the grain was reactivated).</summary>
    public void Renew(IEnumerable<PresenceLease> leases, DateTimeOffset now)
    {
        foreach (var lease in leases)
        {
            Join(lease, now);
        }
    }

    public void Leave(string connectionId)
    {
        if (!_connections.Remove(connectionId, out var connection))
        {
            return;
        }
        var count = _connectionsPerUser[connection.UserId] - 1;
        if (count > 0)
        {
            _connectionsPerUser[connection.UserId] = count;
            return;
        }
        _connectionsPerUser.Remove(connection.UserId);
        _profiles.Remove(connection.UserId);
        _present = _present.Remove(connection.UserId);
        if (!_joined.Remove(connection.UserId))
        {
            _left.Add(connection.UserId);
        }
    }

    public void ExpireLeases(DateTimeOffset now)
    {
        foreach (var connectionId in _connections.Where(c => c.Value.Expires < now).Select(c => c.Key).ToList())
        {
            Leave(connectionId);
        }
    }

    public (string[] Joined, string[] Left) TakeChanges()
    {
        var changes = (_joined.Order(StringComparer.Ordinal).ToArray(), _left.Order(StringComparer.Ordinal).ToArray());
        _joined.Clear();
        _left.Clear();
        return changes;
    }
}
