using System.ComponentModel.DataAnnotations;

namespace Realtime.Grains.Games;

/// <summary>Game session limits, bound from the "Game" section and validated at start-up.</summary>
public sealed class GameOptions : IValidatableObject
{
    public const string SectionName = "Game";

    /// <summary>Tick rate of a game created without one (default 20 Hz).</summary>
    public int DefaultTickRate { get; set; } = 20;

    /// <summary>Lowest tick rate a game may ask for (default 10 Hz).</summary>
    [Range(1, 240)]
    public int MinTickRate { get; set; } = 10;

    /// <summary>Highest tick rate a game may ask for (default 60 Hz).</summary>
    [Range(1, 240)]
    public int MaxTickRate { get; set; } = 60;

    /// <summary>Players of a game created without a limit (default 8).</summary>
    public int DefaultMaxPlayers { get; set; } = 8;

    /// <summary>Most players a game may allow (default 64).</summary>
    [Range(1, 1_000)]
    public int MaxPlayersLimit { get; set; } = 64;

    /// <summary>Most spectators a game may allow (default 100).</summary>
    [Range(0, 100_000)]
    public int MaxSpectatorsLimit { get; set; } = 100;

    /// <summary>Every this many ticks the state goes out in full instead of as a delta (default 20).</summary>
    [Range(1, 10_000)]
    public int FullSnapshotEvery { get; set; } = 20;

    /// <summary>A player who sent no input for this long is removed (default 60 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PlayerIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Sustained inputs per second per player (default 60, bursts up to the same); more → ResourceExhausted.</summary>
    [Range(1, 10_000)]
    public int InputsPerSecondPerPlayer { get; set; } = 60;

    /// <summary>A participant whose lease was not renewed for this long is dropped (default 30 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PresenceTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Games one stream or session may have joined at once (default 10).</summary>
    [Range(1, 1_000)]
    public int MaxGamesPerStream { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinTickRate > MaxTickRate || DefaultTickRate < MinTickRate || DefaultTickRate > MaxTickRate)
        {
            yield return new ValidationResult("Need MinTickRate ≤ DefaultTickRate ≤ MaxTickRate.", [nameof(DefaultTickRate)]);
        }
        if (DefaultMaxPlayers < 1 || DefaultMaxPlayers > MaxPlayersLimit)
        {
            yield return new ValidationResult("Need 1 ≤ DefaultMaxPlayers ≤ MaxPlayersLimit.", [nameof(DefaultMaxPlayers)]);
        }
    }
}
