using Google.Protobuf;
using Realtime.Grains.Abstractions;
using Realtime.Protos.Game.V1;
using Realtime.Streaming.Grpc.Wire;
using Realtime.Streaming.Outbox;

namespace Realtime.Server.Games;

/// <summary>
/// Game topics as frames of a PlayGame stream. A tick goes out as its delta to a stream that has the
/// previous tick and in full to any other (one that joined, caught up, or had a newer state replace an
/// unsent one); both frames are built once per silo and shared by every stream.
/// </summary>
public sealed class GameEventFrames : IStreamFrames<GameServerFrame>
{
    public GameServerFrame Event(Subscription subscription, TopicEvent topicEvent)
    {
        if (topicEvent.IsEphemeral)
        {
            return topicEvent.DecodedFrame(GameServerFrame.Parser);
        }
        var tick = topicEvent.Decoded(TickFrames.Parse);
        var sent = subscription.Position;
        var hasPrevious = sent.Offset == topicEvent.Offset - 1 && string.Equals(sent.Epoch, topicEvent.Epoch, StringComparison.Ordinal);
        return hasPrevious ? tick.Delta : tick.Full;
    }

    /// <summary>For a game "continuity lost" (a new epoch) just means: here is the whole state now.</summary>
    public GameServerFrame ContinuityLost(Subscription subscription, ContinuityLoss loss) =>
        new() { State = GameState.Parser.ParseFrom(loss.Snapshot.State) };

    public Task<GameServerFrame?> AfterOverflowAsync(Subscription subscription, CancellationToken cancellationToken) =>
        Task.FromResult<GameServerFrame?>(null);

    /// <summary>A tick's two frames, each encoded once per silo when a stream first needs it (every stream then copies the bytes).</summary>
    private sealed class TickFrames(GameServerFrame delta, GameServerFrame full)
    {
        private readonly Lazy<GameServerFrame> _delta = new(() => Encoded(delta));
        private readonly Lazy<GameServerFrame> _full = new(() => Encoded(full));

        public GameServerFrame Delta => _delta.Value;

        public GameServerFrame Full => _full.Value;

        public static TickFrames Parse(byte[] payload)
        {
            var tick = GameTick.Parser.ParseFrom(payload);
            if (tick.Over is { } over)
            {
                var result = new GameServerFrame { GameOver = over };
                return new TickFrames(result, result);
            }
            return new TickFrames(new GameServerFrame { State = tick.Delta }, new GameServerFrame { State = tick.Full });
        }

        private static GameServerFrame Encoded(GameServerFrame frame) => EncodedFrames.Remember(frame, frame.ToByteArray());
    }
}
