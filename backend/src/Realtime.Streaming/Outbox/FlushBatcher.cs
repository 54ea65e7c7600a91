namespace Realtime.Streaming.Outbox;

/// <summary>
/// Turns a burst of frames into few flushes: each frame is held until the next one arrives and is
/// then written with a buffer hint; <see cref="FlushAsync"/> writes the held frame with a flush. A
/// flush is forced every <c>maxBatch</c> frames so buffered bytes stay bounded under steady load.
/// </summary>
internal sealed class FlushBatcher<TFrame>(Func<TFrame, bool, Task> write, int maxBatch) where TFrame : class
{
    private TFrame? _held;
    private int _buffered;

    public async Task WriteAsync(TFrame frame)
    {
        if (_held is { } previous)
        {
            var flush = ++_buffered >= maxBatch;
            await write(previous, !flush);
            if (flush)
            {
                _buffered = 0;
            }
        }
        _held = frame;
    }

    public async Task FlushAsync()
    {
        if (_held is { } held)
        {
            _held = null;
            _buffered = 0;
            await write(held, false);
        }
    }
}
