using Realtime.Grains.Abstractions.Games;
using WireReason = Realtime.Protos.Game.V1.GameOverReason;
using WireResult = Realtime.Protos.Game.V1.GameResult;
using WireRole = Realtime.Protos.Game.V1.GameRole;
using WireScore = Realtime.Protos.Game.V1.PlayerScore;
using WireStatus = Realtime.Protos.Game.V1.GameStatus;

namespace Realtime.Grains.Games;

/// <summary>The one mapping of game values to their wire form, used by the grain's events and the server's answers alike.</summary>
public static class GameWire
{
    public static WireStatus Status(GameStatus status) => status switch
    {
        GameStatus.Running => WireStatus.Running,
        GameStatus.Finished => WireStatus.Finished,
        _ => WireStatus.Waiting,
    };

    public static WireRole Role(GameRole role) => role == GameRole.Spectator ? WireRole.Spectator : WireRole.Player;

    public static WireResult Result(GameResult result)
    {
        var wire = new WireResult
        {
            Reason = result.Reason switch
            {
                GameOverReason.ScoreLimit => WireReason.ScoreLimit,
                GameOverReason.TimeLimit => WireReason.TimeLimit,
                _ => WireReason.Ended,
            },
            WinnerId = result.WinnerId,
            FinalTick = result.FinalTick,
        };
        wire.Scores.AddRange(result.Scores.Select(s => new WireScore { PlayerId = s.PlayerId, Score = s.Score }));
        return wire;
    }
}
