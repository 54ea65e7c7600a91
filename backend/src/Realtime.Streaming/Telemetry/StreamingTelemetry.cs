using System.Diagnostics;
using System.Diagnostics.Metrics;
using Realtime.Grains.Abstractions;

namespace Realtime.Streaming.Telemetry;

/// <summary>
/// What the streaming core reports: fan-out latency, slow consumers and catch-ups, latest-wins drops,
/// bus gaps filled from history; and spans for bus publish and delivery. Instruments are tagged with
/// the topic kind ("chat", "doc", "game"), never the topic, so their number stays bounded.
/// </summary>
public static class StreamingTelemetry
{
    public const string Name = "Realtime.Streaming";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> FanoutDuration = Meter.CreateHistogram<double>(
        "realtime.fanout.duration", "ms", "From an event reaching this silo's bus subscription to its frame being written to a stream.");

    private static readonly Counter<long> SlowConsumers = Meter.CreateCounter<long>(
        "realtime.outbox.overflows", "{subscription}", "Live events that did not fit a stream's queue: the subscription switched to catching up from history.");

    private static readonly Counter<long> CatchUps = Meter.CreateCounter<long>(
        "realtime.catchups", "{catch-up}", "Catch-ups from history run for a subscription (after an overflow, a resume or a continuity check).");

    private static readonly Counter<long> LatestWinsDrops = Meter.CreateCounter<long>(
        "realtime.latest_wins.dropped", "{event}", "Latest-wins events replaced by a newer one before they were written.");

    private static readonly Counter<long> GapEventsFilled = Meter.CreateCounter<long>(
        "realtime.bus.gap_events_filled", "{event}", "Events a silo read from the owning grain because the bus skipped them.");

    /// <summary>A span for publishing an event on the bus, when someone listens.</summary>
    public static Activity? StartPublish(TopicEvent topicEvent) => Start("bus publish", ActivityKind.Producer, topicEvent);

    /// <summary>A span for this silo taking an event from the bus to its local subscriptions.</summary>
    public static Activity? StartDeliver(TopicEvent topicEvent) => Start("bus deliver", ActivityKind.Consumer, topicEvent);

    public static void FanoutDelivered(TopicEvent topicEvent)
    {
        if (topicEvent.ReceivedAt != 0)
        {
            FanoutDuration.Record(Stopwatch.GetElapsedTime(topicEvent.ReceivedAt).TotalMilliseconds, Kind(topicEvent.Topic));
        }
    }

    public static void Overflowed(string topic) => SlowConsumers.Add(1, Kind(topic));

    public static void CaughtUp(string topic) => CatchUps.Add(1, Kind(topic));

    public static void LatestDropped(string topic) => LatestWinsDrops.Add(1, Kind(topic));

    public static void GapFilled(string topic, int events) => GapEventsFilled.Add(events, Kind(topic));

    private static Activity? Start(string name, ActivityKind kind, TopicEvent topicEvent)
    {
        var activity = Source.StartActivity(name, kind);
        activity?.SetTag("realtime.topic", topicEvent.Topic);
        activity?.SetTag("realtime.offset", topicEvent.Offset);
        return activity;
    }

    private static KeyValuePair<string, object?> Kind(string topic) =>
        new("topic.kind", topic.Length == 0 ? "" : Topics.Parse(topic).Kind);
}
