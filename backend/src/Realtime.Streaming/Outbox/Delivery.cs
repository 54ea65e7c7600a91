namespace Realtime.Streaming.Outbox;

/// <summary>How a subscription's retained events reach its stream (docs/ARCHITECTURE.md, rule 7).</summary>
public enum Delivery
{
    /// <summary>Every event, in offset order; a slow stream is caught up from history (chat, documents).</summary>
    Lossless,

    /// <summary>Only the newest event: a newer one replaces one not yet written (game state).</summary>
    LatestWins,
}
