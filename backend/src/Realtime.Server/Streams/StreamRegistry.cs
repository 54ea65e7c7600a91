using System.Collections.Concurrent;

namespace Realtime.Server.Streams;

/// <summary>Every open stream on this server, so shutdown can ask each to drain and wait for them to end.</summary>
public sealed class StreamRegistry
{
    private readonly ConcurrentDictionary<long, Action> _drains = new();
    private readonly TaskCompletionSource _empty = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private volatile bool _draining;

    public int Count => _drains.Count;

    /// <summary>Tracks a stream until the returned handle is disposed. A stream opened while draining is drained at once.</summary>
    public IDisposable Register(Action drain)
    {
        var id = Interlocked.Increment(ref _nextId);
        _drains[id] = drain;
        if (_draining)
        {
            drain();
        }
        return new Registration(this, id);
    }

    public void DrainAll()
    {
        _draining = true;
        foreach (var drain in _drains.Values)
        {
            drain();
        }
        CompleteIfEmpty();
    }

    /// <summary>Completes when, after <see cref="DrainAll"/>, no stream is left.</summary>
    public Task WhenDrained => _empty.Task;

    private void Unregister(long id)
    {
        _drains.TryRemove(id, out _);
        CompleteIfEmpty();
    }

    private void CompleteIfEmpty()
    {
        if (_draining && _drains.IsEmpty)
        {
            _empty.TrySetResult();
        }
    }

    private sealed class Registration(StreamRegistry registry, long id) : IDisposable
    {
        public void Dispose() => registry.Unregister(id);
    }
}
