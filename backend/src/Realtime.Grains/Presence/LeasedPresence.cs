using Realtime.Grains.Abstractions;

namespace Realtime.Grains.Presence;

/// <summary>
/// A topic grain's presence: leases held by streams, expired on a sweep timer (so a dead silo leaves
/// no ghosts), and changes published in coalesced batches at most once per interval.
/// <paramref name="leasesSwept"/> runs after each sweep so the grain can drop what expired leases held.
/// </summary>
public sealed class LeasedPresence(
    IGrainBase grain,
    TimeSpan ttl,
    TimeSpan batchInterval,
    TimeProvider time,
    Func<string[], string[], Task> publishChanges,
    Action? leasesSwept = null)
{
    private readonly PresenceTracker _tracker = new(ttl);
    private IGrainTimer? _flush;
    private IGrainTimer? _sweep;

    public string[] Members => _tracker.Members;

    /// <inheritdoc cref="PresenceTracker.Count"/>
    public int Count => _tracker.Count;

    /// <inheritdoc cref="PresenceTracker.Page"/>
    public string[] Page(string afterUserId, int maxCount) => _tracker.Page(afterUserId, maxCount);

    public bool Holds(string connectionId) => _tracker.Holds(connectionId);

    /// <inheritdoc cref="PresenceTracker.ProfileOf"/>
    public MemberProfile? ProfileOf(string userId) => _tracker.ProfileOf(userId);

    /// <summary>The grain's status for operators, at the given position.</summary>
    public TopicStatus Status(string epoch, long lastOffset) => new()
    {
        Epoch = epoch,
        LastOffset = lastOffset,
        PresentUsers = _tracker.Members,
        Connections = _tracker.Connections,
        Silo = grain.GrainContext.Address.SiloAddress?.ToParsableString() ?? "",
    };

    public void Join(PresenceLease lease)
    {
        _tracker.Join(lease, time.GetUtcNow());
        Schedule();
    }

    public void Leave(string connectionId)
    {
        _tracker.Leave(connectionId);
        Schedule();
    }

    public void Renew(PresenceLease[] leases)
    {
        _tracker.Renew(leases, time.GetUtcNow());
        Schedule();
    }

    private void Schedule()
    {
        if (_tracker.HasChanges && _flush is null)
        {
            _flush = grain.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(batchInterval, Timeout.InfiniteTimeSpan));
        }
        if (!_tracker.IsEmpty && _sweep is null)
        {
            var period = ttl / 2;
            _sweep = grain.RegisterGrainTimer(SweepAsync, new GrainTimerCreationOptions(period, period) { KeepAlive = true });
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flush?.Dispose();
        _flush = null;
        var (joined, left) = _tracker.TakeChanges();
        if (joined.Length > 0 || left.Length > 0)
        {
            await publishChanges(joined, left);
        }
    }

    private Task SweepAsync(CancellationToken cancellationToken)
    {
        _tracker.ExpireLeases(time.GetUtcNow());
        if (_tracker.IsEmpty)
        {
            _sweep?.Dispose();
            _sweep = null;
        }
        leasesSwept?.Invoke();
        Schedule();
        return Task.CompletedTask;
    }
}
