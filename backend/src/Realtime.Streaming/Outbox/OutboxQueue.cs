using System.Threading.Channels;

namespace Realtime.Streaming.Outbox;

/// <summary>
/// The bounded queue under one stream's outbox: many producers (the topic feeds, the command loop),
/// one reader (the stream's writer loop). A bounded channel takes its lock on every read and write,
/// so the topic feed and the writer contend on every event; here a producer reserves a slot with one
/// compare-and-swap and the items sit in a single-reader channel whose reads take no lock.
/// Producers that must not lose their item (<see cref="WriteAsync"/>) wait for the reader to free a slot.
/// </summary>
internal sealed class OutboxQueue<T>
{
    private readonly Channel<T> _items = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _capacity;
    private int _reserved;
    private volatile bool _completed;

    /// <summary>Present while a producer waits for a slot; the reader completes it when it frees one.</summary>
    private TaskCompletionSource? _spaceFreed;

    public OutboxQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Queues without waiting; false when the queue is full or completed.</summary>
    public bool TryWrite(T item)
    {
        if (_completed || !TryReserve())
        {
            return false;
        }
        if (_items.Writer.TryWrite(item))
        {
            return true;
        }
        Free();
        return false;
    }

    /// <summary>Queues once a slot is free. Throws <see cref="ChannelClosedException"/> once the queue is completed.</summary>
    public async ValueTask WriteAsync(T item, CancellationToken cancellationToken)
    {
        while (!TryWrite(item))
        {
            var spaceFreed = SpaceFreedSignal();
            // A slot freed before the signal was in place completed no signal: look once more.
            if (TryWrite(item))
            {
                return;
            }
            if (_completed)
            {
                throw new ChannelClosedException();
            }
            await spaceFreed.WaitAsync(cancellationToken);
        }
    }

    public bool TryRead(out T item)
    {
        if (!_items.Reader.TryRead(out item!))
        {
            return false;
        }
        Free();
        return true;
    }

    /// <summary>False once the queue is completed and empty.</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _items.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Stops accepting items; the reader still gets what is queued. Waiting producers fail.</summary>
    public void Complete()
    {
        _completed = true;
        _items.Writer.TryComplete();
        WakeSpaceWaiters();
    }

    /// <summary>
    /// Takes a slot only while one is free, so a refused producer never counts for a moment: a refusal
    /// means the queue was full, and the reader freeing one of those slots wakes whoever waits.
    /// </summary>
    private bool TryReserve()
    {
        var reserved = Volatile.Read(ref _reserved);
        while (reserved < _capacity)
        {
            var seen = Interlocked.CompareExchange(ref _reserved, reserved + 1, reserved);
            if (seen == reserved)
            {
                return true;
            }
            reserved = seen;
        }
        return false;
    }

    private void Free()
    {
        Interlocked.Decrement(ref _reserved);
        WakeSpaceWaiters();
    }

    private Task SpaceFreedSignal()
    {
        var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (Interlocked.CompareExchange(ref _spaceFreed, fresh, null) ?? fresh).Task;
    }

    /// <summary>
    /// Every path here follows a full fence (the decrement, or the channel's completion), and a waiter
    /// installs its signal with one before its last attempt: either the waiter sees the free slot or
    /// this sees its signal.
    /// </summary>
    private void WakeSpaceWaiters()
    {
        if (Volatile.Read(ref _spaceFreed) is { } waiting && Interlocked.CompareExchange(ref _spaceFreed, null, waiting) == waiting)
        {
            waiting.TrySetResult();
        }
    }
}
