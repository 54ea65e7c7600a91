using System.Buffers;
using Grpc.Core;

namespace Realtime.MicroBenchmarks;

/// <summary>A serialization context over one reused buffer, standing in for a stream's output pipe.</summary>
internal sealed class BufferContext : SerializationContext
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public int Written => _buffer.WrittenCount;

    public void Reset() => _buffer.ResetWrittenCount();

    public override void Complete(byte[] payload) => _buffer.Write(payload);

    public override IBufferWriter<byte> GetBufferWriter() => _buffer;

    // The buffer grows as the message is written; the length needs no reservation.
    public override void SetPayloadLength(int payloadLength)
    {
    }

    public override void Complete()
    {
    }
}
