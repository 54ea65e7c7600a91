using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Protos.Chat.V1;
using Realtime.Streaming.Grpc.Wire;

namespace Realtime.MicroBenchmarks;

/// <summary>
/// Writing one chat event to one stream: encoding the frame (what grpc-dotnet's generated marshaller
/// does, once per stream) against copying the event's stored bytes (<see cref="EncodedFrames"/>).
/// </summary>
[MemoryDiagnoser]
public class FrameWriteBenchmarks
{
    private static readonly Marshaller<ChatServerFrame> Generated = Marshallers.Create<ChatServerFrame>(
        (frame, context) =>
        {
            context.SetPayloadLength(frame.CalculateSize());
            frame.WriteTo(context.GetBufferWriter());
            context.Complete();
        },
        context => ChatServerFrame.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    private readonly Marshaller<ChatServerFrame> _wire = EncodedFrames.Marshaller(Generated);
    private readonly BufferContext _context = new();
    private ChatServerFrame _built = null!;
    private ChatServerFrame _decoded = null!;

    [GlobalSetup]
    public void SetUp()
    {
        _built = new ChatServerFrame
        {
            Message = new ChatMessage
            {
                RoomId = "lobby",
                Epoch = "0f8e2a1c",
                Offset = 123_456,
                SenderId = "alice",
                Content = new string('x', 64),
                SentAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UnixEpoch),
                ClientMessageId = "c-42",
            },
        };
        var topicEvent = new TopicEvent { Topic = "chat/lobby", Epoch = "0f8e2a1c", Offset = 123_456, Payload = _built.ToByteArray() };
        _decoded = topicEvent.DecodedFrame(ChatServerFrame.Parser);
    }

    [Benchmark(Baseline = true, Description = "encode per stream")]
    public int Encode()
    {
        _context.Reset();
        _wire.ContextualSerializer(_built, _context);
        return _context.Written;
    }

    [Benchmark(Description = "copy the stored bytes")]
    public int Copy()
    {
        _context.Reset();
        _wire.ContextualSerializer(_decoded, _context);
        return _context.Written;
    }
}
