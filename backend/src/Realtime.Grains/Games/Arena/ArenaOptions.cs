using System.ComponentModel.DataAnnotations;

namespace Realtime.Grains.Games.Arena;

/// <summary>The arena's rules, bound from "Game:Arena".</summary>
public sealed class ArenaOptions
{
    /// <summary>Width and height of the square arena (default 100 units).</summary>
    [Range(10.0, 10_000.0)]
    public double Size { get; set; } = 100;

    /// <summary>Player speed at full input (default 25 units/s).</summary>
    [Range(1.0, 1_000.0)]
    public double Speed { get; set; } = 25;

    /// <summary>Items on the field at any time (default 5); a collected item respawns elsewhere.</summary>
    [Range(1, 100)]
    public int Items { get; set; } = 5;

    /// <summary>How close a player must come to collect an item (default 3 units).</summary>
    [Range(0.1, 100.0)]
    public double PickupRadius { get; set; } = 3;

    /// <summary>Score that wins the match (default 10).</summary>
    [Range(1, 1_000)]
    public int ScoreLimit { get; set; } = 10;

    /// <summary>Match length (default 3 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "02:00:00")]
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMinutes(3);
}
