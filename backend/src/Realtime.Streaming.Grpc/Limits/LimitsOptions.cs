using System.ComponentModel.DataAnnotations;

namespace Realtime.Streaming.Grpc.Limits;

/// <summary>Abuse limits, bound from "Limits". Every limit answers ResourceExhausted with when to retry.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Streams one user may open a minute (default 60).</summary>
    [Range(1, 1_000_000)]
    public int StreamOpensPerUserPerMinute { get; set; } = 60;

    /// <summary>
    /// Streams one client address may open a minute (default 0: off). Behind a balancer every client has
    /// the balancer's address, so turn it on only where clients connect directly.
    /// </summary>
    [Range(0, 10_000_000)]
    public int StreamOpensPerAddressPerMinute { get; set; }

    /// <summary>Streams one user may have open at once (default 32).</summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerUser { get; set; } = 32;

    /// <summary>Commands of one kind (send, typing, edit, input …) one stream may send a second, also its burst (default 200).</summary>
    [Range(1, 100_000)]
    public int CommandsPerSecond { get; set; } = 200;

    /// <summary>Refused commands within <see cref="FloodWindow"/> after which the stream is ended as flooding (default 100).</summary>
    [Range(1, 1_000_000)]
    public int FloodRejections { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FloodWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Calls of one unary method one user may make a second, also its burst (default 50).</summary>
    [Range(1, 100_000)]
    public int UnaryCallsPerSecondPerUser { get; set; } = 50;
}
