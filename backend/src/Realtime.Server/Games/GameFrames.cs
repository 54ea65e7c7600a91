using Google.Protobuf.WellKnownTypes;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Games;
using Realtime.Grains.Games;
using Realtime.Protos.Game.V1;
using Realtime.Server.Access;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Games;

/// <summary>Builds game wire messages from grain results.</summary>
public static class GameFrames
{
    /// <summary>The game as <paramref name="caller"/> sees it.</summary>
    public static Protos.Game.V1.Game Game(GameInfo info, Caller caller)
    {
        var game = new Protos.Game.V1.Game
        {
            GameId = info.GameId,
            Mode = info.Settings.Mode,
            Status = GameWire.Status(info.Status),
            MaxPlayers = info.Settings.MaxPlayers,
            MaxSpectators = info.Settings.MaxSpectators,
            TickRate = info.Settings.TickRate,
            CreatedBy = info.CreatedBy,
            CreateTime = Timestamp.FromDateTimeOffset(info.CreatedAt),
            Tick = info.Tick,
            Result = info.Result is { } result ? GameWire.Result(result) : null,
            Visibility = AccessPolicies.VisibilityOf(info.Access),
            CallerRole = AccessPolicies.ToWire(info.Access.RoleOf(caller)),
        };
        game.PlayerIds.AddRange(info.PlayerIds);
        return game;
    }

    public static GameJoined Joined(GameJoinResult result, string userId) => new()
    {
        GameId = result.Game.GameId,
        PlayerId = userId,
        Role = GameWire.Role(result.Role),
        TickRate = result.Game.Settings.TickRate,
        Position = new Protos.Common.V1.StreamPosition { Epoch = result.Game.Epoch, Offset = result.Game.Tick },
        Snapshot = GameState.Parser.ParseFrom(result.Snapshot),
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
}
