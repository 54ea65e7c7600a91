using Realtime.Streaming.Grpc.Telemetry;

namespace Realtime.Streaming.Grpc.Streams;

/// <summary>
/// Every open stream on this server, so shutdown and operators can ask streams to drain (each gets
/// its reconnect hint and ends) and see how many of which kind are open.
/// </summary>
public sealed class StreamRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Entry> _streams = [];
    private TaskCompletionSource _empty = NewSignal();
    private long _nextId;
    private bool _draining;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _streams.Count;
            }
        }
    }

    public bool Draining
    {
        get
        {
            lock (_gate)
            {
                return _draining;
            }
        }
    }

    /// <summary>
    /// Tracks a stream of the given gRPC method until the returned handle is disposed. A stream opened
    /// while draining is drained at once: its only frame is the reconnect hint.
    /// </summary>
    public IDisposable Register(string method, Action drain)
    {
        var entry = new Entry(method, drain);
        ServerTelemetry.StreamOpened(method);
        long id;
        bool draining;
        lock (_gate)
        {
            id = ++_nextId;
            _streams[id] = entry;
            draining = _draining;
        }
        if (draining)
        {
            entry.Drain();
        }
        return new Registration(this, id);
    }

    /// <summary>Drains every stream and every one opened until <see cref="Resume"/>; returns how many were open.</summary>
    public int DrainAll()
    {
        Entry[] streams;
        lock (_gate)
        {
            _draining = true;
            streams = [.. _streams.Values];
            CompleteIfEmpty();
        }
        foreach (var stream in streams)
        {
            stream.Drain();
        }
        return streams.Length;
    }

    /// <summary>Takes new streams again after <see cref="DrainAll"/>.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _draining = false;
            if (_empty.Task.IsCompleted)
            {
                _empty = NewSignal();
            }
        }
    }

    /// <summary>Drains a random <paramref name="fraction"/> (rounded up) of the streams not yet draining; returns how many.</summary>
    public int Shed(double fraction)
    {
        Entry[] chosen;
        lock (_gate)
        {
            var open = _streams.Values.Where(s => !s.Drained).ToArray();
            Random.Shared.Shuffle(open);
            chosen = open[..(int)Math.Ceiling(open.Length * fraction)];
        }
        foreach (var stream in chosen)
        {
            stream.Drain();
        }
        return chosen.Length;
    }

    /// <summary>Open streams not yet told to drain, by gRPC method.</summary>
    public Dictionary<string, int> CountByMethod()
    {
        lock (_gate)
        {
            return _streams.Values.Where(s => !s.Drained).CountBy(s => s.Method).ToDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>Completes when, after <see cref="DrainAll"/>, no stream is left.</summary>
    public Task WhenDrained
    {
        get
        {
            lock (_gate)
            {
                return _empty.Task;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Unregister(long id)
    {
        lock (_gate)
        {
            if (_streams.Remove(id, out var entry))
            {
                ServerTelemetry.StreamClosed(entry.Method);
            }
            CompleteIfEmpty();
        }
    }

    private void CompleteIfEmpty()
    {
        if (_draining && _streams.Count == 0)
        {
            _empty.TrySetResult();
        }
    }

    private sealed class Entry(string method, Action drain)
    {
        private int _drained;

        public string Method => method;

        public bool Drained => Volatile.Read(ref _drained) == 1;

        /// <summary>Runs the stream's drain once, however many times it is asked.</summary>
        public void Drain()
        {
            if (Interlocked.Exchange(ref _drained, 1) == 0)
            {
                drain();
            }
        }
    }

    private sealed class Registration(StreamRegistry registry, long id) : IDisposable
    {
        public void Dispose() => registry.Unregister(id);
    }
}
