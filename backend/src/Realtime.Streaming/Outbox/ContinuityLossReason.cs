namespace Realtime.Streaming.Outbox;

public enum ContinuityLossReason
{
    EpochChanged = 1,
    HistoryTrimmed = 2,
    OffsetAhead = 3,
}
