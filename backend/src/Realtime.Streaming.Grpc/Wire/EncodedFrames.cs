using System.Runtime.CompilerServices;
using Grpc.Core;

namespace Realtime.Streaming.Grpc.Wire;

/// <summary>
/// Frames whose wire bytes are already known: a topic event's payload is the frame every stream of
/// the topic sends, so the frame decoded from it is remembered with those bytes, and the server's
/// response marshaller copies them to each stream instead of encoding the same frame once per stream.
/// Entries live as long as the frame object does.
/// </summary>
public static class EncodedFrames
{
    private static readonly ConditionalWeakTable<object, byte[]> Known = new();

    /// <summary>Remembers that <paramref name="frame"/> encodes to <paramref name="bytes"/>; neither may change afterwards.</summary>
    public static T Remember<T>(T frame, byte[] bytes) where T : class
    {
        Known.AddOrUpdate(frame, bytes);
        return frame;
    }

    /// <summary><paramref name="inner"/>, but a frame whose bytes are known is written as those bytes.</summary>
    public static Marshaller<T> Marshaller<T>(Marshaller<T> inner) where T : class =>
        Marshallers.Create<T>(
            (frame, context) =>
            {
                if (Known.TryGetValue(frame, out var bytes))
                {
                    context.Complete(bytes);
                    return;
                }
                inner.ContextualSerializer(frame, context);
            },
            inner.ContextualDeserializer);
}
