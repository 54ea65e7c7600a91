using Google.Protobuf.WellKnownTypes;
using Realtime.Grains.Abstractions.Game;
using Realtime.Protos.Game.V1;
using Realtime.Server.Errors;
using GameOverReason = Realtime.Grains.Abstractions.Game.GameOverReason;
using GameResult = Realtime.Grains.Abstractions.Game.GameResult;
using GameStatus = Realtime.Grains.Abstractions.Game.GameStatus;
using WireResult = Realtime.Protos.Game.V1.GameResult;
using WireRole = Realtime.Protos.Game.V1.GameRole;
using WireScore = Realtime.Protos.Game.V1.PlayerScore;
using WireStatus = Realtime.Protos.Game.V1.GameStatus;

namespace Realtime.Server.Games;

/// <summary>Builds game wire messages from grain results.</summary>
public static class GameFrames
{
    public static Protos.Game.V1.Game Game(GameInfo info)
    {
        var game = new Protos.Game.V1.Game
        {
            GameId = info.GameId,
            Mode = info.Settings.Mode,
            Status = Status(info.Status),
            MaxPlayers = info.Settings.MaxPlayers,
            MaxSpectators = info.Settings.MaxSpectators,
            TickRate = info.Settings.TickRate,
            CreatedBy = info.CreatedBy,
            CreateTime = Timestamp.FromDateTimeOffset(info.CreatedAt),
            Tick = info.Tick,
            Result = info.Result is { } result ? Result(result) : null,
        };
        game.PlayerIds.AddRange(info.PlayerIds);
        return game;
    }

    public static GameJoined Joined(GameJoinResult result, string userId) => new()
    {
        GameId = result.Game.GameId,
        PlayerId = userId,
        Role = result.Role == Grains.Abstractions.Game.GameRole.Spectator ? WireRole.Spectator : WireRole.Player,
        TickRate = result.Game.Settings.TickRate,
        Position = new Protos.Common.V1.StreamPosition { Epoch = result.Game.Epoch, Offset = result.Game.Tick },
        Snapshot = GameState.Parser.ParseFrom(result.Snapshot),
    };

    public static WireStatus Status(GameStatus status) => status switch
    {
        GameStatus.Running => WireStatus.Running,
        GameStatus.Finished => WireStatus.Finished,
        _ => WireStatus.Waiting,
    };

    public static GameServerFrame Error(GameClientFrame command, CommandException error) => new()
    {
        Error = new GameCommandError
        {
            Command = command.CommandCase switch
            {
                GameClientFrame.CommandOneofCase.Join => GameCommandKind.Join,
                GameClientFrame.CommandOneofCase.Input => GameCommandKind.Input,
                GameClientFrame.CommandOneofCase.Leave => GameCommandKind.Leave,
                _ => GameCommandKind.Unspecified,
            },
            GameId = command.Join?.GameId ?? command.Input?.GameId ?? command.Leave?.GameId ?? "",
            Sequence = command.Input?.Sequence ?? 0,
            Error = error.ToErrorDetail(),
        },
    };

    public static GameReconnectHint ReconnectHint(IEnumerable<string> gameIds, TimeSpan retryAfter)
    {
        var hint = new GameReconnectHint { Reason = "server shutting down", RetryAfterMs = (int)retryAfter.TotalMilliseconds };
        hint.GameIds.AddRange(gameIds);
        return hint;
    }

    private static WireResult Result(GameResult result)
    {
        var wire = new WireResult
        {
            Reason = result.Reason == GameOverReason.ScoreLimit ? Protos.Game.V1.GameOverReason.ScoreLimit : Protos.Game.V1.GameOverReason.TimeLimit,
            WinnerId = result.WinnerId,
            FinalTick = result.FinalTick,
        };
        wire.Scores.AddRange(result.Scores.Select(s => new WireScore { PlayerId = s.PlayerId, Score = s.Score }));
        return wire;
    }
}
