using System.Security.Cryptography;

namespace Realtime.Testing;

/// <summary>Deterministic pseudo-random file contents, generated on the fly so tests never hold a big file in memory.</summary>
public sealed class GeneratedContentStream(long length, int seed) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    /// <summary>SHA-256 of the whole content, computed by streaming it.</summary>
    public static byte[] Hash(long length, int seed)
    {
        using var file = new GeneratedContentStream(length, seed);
        return SHA256.HashData(file);
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[offset + i] = ByteAt(_position + i);
        }
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private byte ByteAt(long index)
    {
        var x = (ulong)(index + 1) * 0x9E3779B97F4A7C15UL ^ (ulong)seed;
        x ^= x >> 29;
        return (byte)(x * 0xBF58476D1CE4E5B9UL >> 56);
    }
}
