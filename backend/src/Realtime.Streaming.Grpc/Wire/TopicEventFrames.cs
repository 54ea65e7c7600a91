using Google.Protobuf;
using Realtime.Grains.Abstractions;

namespace Realtime.Streaming.Grpc.Wire;

public static class TopicEventFrames
{
    /// <summary>
    /// Decodes a topic event's payload as the wire frame it is, once per silo, and remembers the frame
    /// as encoded by the payload (<see cref="EncodedFrames"/>): every stream that sends it copies these bytes.
    /// </summary>
    public static T DecodedFrame<T>(this TopicEvent topicEvent, MessageParser<T> parser) where T : class, IMessage<T> =>
        topicEvent.Decoded(payload => EncodedFrames.Remember(parser.ParseFrom(payload), payload));
}
