using StackExchange.Redis;

namespace Realtime.Server.Attachments;

/// <summary>Reads a Redis list of chunks as a stream, one chunk in memory at a time.</summary>
internal sealed class RedisChunkStream(IDatabase db, string chunksKey, long firstChunk, int skip) : Stream
{
    private long _next = firstChunk;
    private byte[] _current = [];
    private int _position = -1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position < 0 || _position >= _current.Length)
        {
            var chunk = await db.ListGetByIndexAsync(chunksKey, _next++);
            if (chunk.IsNull)
            {
                return 0;
            }
            _current = (byte[])chunk!;
            _position = _position < 0 ? skip : 0;
            if (_position >= _current.Length)
            {
                return await ReadAsync(buffer, cancellationToken);
            }
        }
        var count = Math.Min(buffer.Length, _current.Length - _position);
        _current.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
