using Realtime.Streaming.Outbox;
using WireReason = Realtime.Protos.Common.V1.ContinuityLossReason;

namespace Realtime.Streaming.Grpc.Streams;

public static class WireReasons
{
    public static WireReason ToWire(this ContinuityLossReason reason) => reason switch
    {
        ContinuityLossReason.EpochChanged => WireReason.EpochChanged,
        ContinuityLossReason.HistoryTrimmed => WireReason.HistoryTrimmed,
        ContinuityLossReason.OffsetAhead => WireReason.OffsetAhead,
        _ => WireReason.Unspecified,
    };
}
