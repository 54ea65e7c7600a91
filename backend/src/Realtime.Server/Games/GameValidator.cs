using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Games;
using Realtime.Grains.Games;
using Realtime.Protos.Game.V1;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;
using GameRole = Realtime.Protos.Game.V1.GameRole;

namespace Realtime.Server.Games;

/// <summary>Checks game commands at the edge, naming every field that breaks a rule.</summary>
public sealed class GameValidator(IOptions<GameOptions> options)
{
    public void Join(JoinGame? join)
    {
        if (join is null)
        {
            CommandException.ThrowIfAny([new Violation("join", "is required")]);
            return;
        }
        var violations = new List<Violation>();
        GameId(violations, "join.game_id", join.GameId);
        if (!Enum.IsDefined(join.Role))
        {
            violations.Add(new Violation("join.role", "must be PLAYER or SPECTATOR"));
        }
        CommandException.ThrowIfAny(violations);
    }

    public void Game(string field, string gameId)
    {
        var violations = new List<Violation>();
        GameId(violations, field, gameId);
        CommandException.ThrowIfAny(violations);
    }

    public void Input(SendInput? input)
    {
        if (input is null)
        {
            CommandException.ThrowIfAny([new Violation("input", "is required")]);
            return;
        }
        var violations = new List<Violation>();
        GameId(violations, "input.game_id", input.GameId);
        if (input.Sequence < 0)
        {
            violations.Add(new Violation("input.sequence", "must not be negative"));
        }
        if (input.InputCase != SendInput.InputOneofCase.Arena)
        {
            violations.Add(new Violation("input.input", "an arena input is required"));
        }
        else
        {
            Axis(violations, "input.arena.move_x", input.Arena.MoveX);
            Axis(violations, "input.arena.move_y", input.Arena.MoveY);
        }
        CommandException.ThrowIfAny(violations);
    }

    /// <summary>Checks a create request and fills in the defaults.</summary>
    public GameSettings Create(CreateGameRequest request)
    {
        var limits = options.Value;
        var violations = new List<Violation>();
        GameId(violations, "game_id", request.GameId);
        if (request.MaxPlayers < 0 || request.MaxPlayers > limits.MaxPlayersLimit)
        {
            violations.Add(new Violation("max_players", $"must be 1-{limits.MaxPlayersLimit} (0 means {limits.DefaultMaxPlayers})"));
        }
        if (request.MaxSpectators < 0 || request.MaxSpectators > limits.MaxSpectatorsLimit)
        {
            violations.Add(new Violation("max_spectators", $"must be 0-{limits.MaxSpectatorsLimit}"));
        }
        if (request.TickRate != 0 && (request.TickRate < limits.MinTickRate || request.TickRate > limits.MaxTickRate))
        {
            violations.Add(new Violation("tick_rate", $"must be {limits.MinTickRate}-{limits.MaxTickRate} Hz (0 means {limits.DefaultTickRate})"));
        }
        CommandException.ThrowIfAny(violations);
        return new GameSettings(
            request.Mode.Length > 0 ? request.Mode : Grains.Games.Arena.ArenaRules.ModeName,
            request.MaxPlayers == 0 ? limits.DefaultMaxPlayers : request.MaxPlayers,
            request.MaxSpectators,
            request.TickRate == 0 ? limits.DefaultTickRate : request.TickRate);
    }

    public static Grains.Abstractions.Games.GameRole Role(GameRole role) =>
        role == GameRole.Spectator ? Grains.Abstractions.Games.GameRole.Spectator : Grains.Abstractions.Games.GameRole.Player;

    private static void Axis(List<Violation> violations, string field, double value)
    {
        if (double.IsNaN(value) || value < -1 || value > 1)
        {
            violations.Add(new Violation(field, "must be a number in -1 … 1"));
        }
    }

    private static void GameId(List<Violation> violations, string field, string gameId)
    {
        if (!Identifiers.IsValid(gameId))
        {
            violations.Add(new Violation(field, $"must be {Identifiers.Rule}"));
        }
    }
}
