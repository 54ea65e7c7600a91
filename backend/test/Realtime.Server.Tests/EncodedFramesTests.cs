using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Protos.Chat.V1;
using Realtime.Streaming.Grpc.Wire;

namespace Realtime.Server.Tests;

[Trait("Tier", "unit")]
public sealed class EncodedFramesTests
{
    private static readonly Marshaller<ChatServerFrame> Generated =
        Marshallers.Create(frame => frame.ToByteArray(), ChatServerFrame.Parser.ParseFrom);

    [Fact]
    public void A_frame_decoded_from_a_topic_event_is_written_as_the_event_payload_not_encoded_again()
    {
        // Fields in reverse order: valid protobuf, but not what encoding the parsed frame would give.
        var payload = ReversedFieldOrder(room: "r1", content: "hello");
        var topicEvent = new TopicEvent { Topic = "chat:r1", Epoch = "e", Offset = 1, Payload = payload };
        var frame = topicEvent.DecodedFrame(ChatServerFrame.Parser);
        Assert.Equal("hello", frame.Message.Content);
        Assert.NotEqual(payload, frame.ToByteArray());

        var written = Serialize(EncodedFrames.Marshaller(Generated), frame);

        Assert.Equal(payload, written);
        Assert.Same(frame, topicEvent.DecodedFrame(ChatServerFrame.Parser));
    }

    [Fact]
    public void A_frame_built_on_this_silo_is_encoded_as_usual()
    {
        var frame = new ChatServerFrame { Message = new ChatMessage { RoomId = "r1", Content = "hello" } };

        var written = Serialize(EncodedFrames.Marshaller(Generated), frame);

        Assert.Equal(frame.ToByteArray(), written);
    }

    private static byte[] Serialize(Marshaller<ChatServerFrame> marshaller, ChatServerFrame frame)
    {
        var context = new CapturingContext();
        marshaller.ContextualSerializer(frame, context);
        return context.Payload ?? throw new InvalidOperationException("The serializer never completed.");
    }

    private static byte[] ReversedFieldOrder(string room, string content)
    {
        using var message = new MemoryStream();
        var output = new CodedOutputStream(message);
        output.WriteTag(ChatMessage.ContentFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteString(content);
        output.WriteTag(ChatMessage.RoomIdFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteString(room);
        output.Flush();
        using var frame = new MemoryStream();
        var outer = new CodedOutputStream(frame);
        outer.WriteTag(ChatServerFrame.MessageFieldNumber, WireFormat.WireType.LengthDelimited);
        outer.WriteBytes(ByteString.CopyFrom(message.ToArray()));
        outer.Flush();
        return frame.ToArray();
    }

    /// <summary>What the transport would be handed, whichever way the serializer completes.</summary>
    private sealed class CapturingContext : SerializationContext
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public byte[]? Payload { get; private set; }

        public override void Complete(byte[] payload) => Payload = payload;

        public override IBufferWriter<byte> GetBufferWriter() => _buffer;

        // The length is what the buffer holds at Complete.
        public override void SetPayloadLength(int payloadLength)
        {
        }

        public override void Complete() => Payload = _buffer.WrittenSpan.ToArray();
    }
}
