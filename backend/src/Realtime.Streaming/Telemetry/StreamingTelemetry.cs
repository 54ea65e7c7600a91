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
        "realtime.fanout.duration", "ms", "From an event reaching this silo's bus subscription to its frame being written to a stream (one delivery in 16 per stream).");

    private static readonly Counter<long> SlowConsumers = Meter.CreateCounter<long>(
        "realtime.outbox.overflows", "{subscription}", "Live events that did not fit a stream's queue: the subscription switched to catching up from history.");

    private static readonly Counter<long> CatchUps = Meter.CreateCounter<long>(
        "realtime.catchups", "{catch-up}", "Catch-ups from history run for a subscription (after an overflow, a resume or a continuity check).");

    private static readonly Counter<long> LatestWinsDrops = Meter.CreateCounter<long>(
        "realtime.latest_wins.dropped", "{event}", "Latest-wins events replaced by a newer one before they were written.");

    private static readonly Counter<long> GapEventsFilled = Meter.CreateCounter<long>(
        "realtime.bus.gap_events_filled", "{event}", "Events a silo read from the owning grain because the bus skipped them.");

    private static readonly Counter<long> BackgroundFailures = Meter.CreateCounter<long>(
        "realtime.background.failures", "{failure}", "Rounds of a background loop that failed (a dependency was unreachable); each is retried with backoff.");

    /// <summary>A span for publishing an event on the bus, when someone listens.</summary>
    public static Activity? StartPublish(TopicEvent topicEvent) => Start("bus publish", ActivityKind.Producer, topicEvent);

    /// <summary>A span for this silo taking an event from the bus to its local subscriptions.</summary>
    public static Activity? StartDeliver(TopicEvent topicEvent) => Start("bus deliver", ActivityKind.Consumer, topicEvent);

    /// <summary>One delivery in <see cref="FanoutSampling"/> per stream is timed: a histogram record per delivery would cost more than the delivery.</summary>
    public const int FanoutSampling = 16;

    public static void FanoutDelivered(string kind, TopicEvent topicEvent)
    {
        if (topicEvent.ReceivedAt != 0)
        {
            FanoutDuration.Record(Stopwatch.GetElapsedTime(topicEvent.ReceivedAt).TotalMilliseconds, Kind(kind));
        }
    }

    public static void Overflowed(string kind) => SlowConsumers.Add(1, Kind(kind));

    public static void CaughtUp(string kind) => CatchUps.Add(1, Kind(kind));

    public static void LatestDropped(string kind) => LatestWinsDrops.Add(1, Kind(kind));

    public static void BackgroundRoundFailed(string loop) => BackgroundFailures.Add(1, new KeyValuePair<string, object?>("loop", loop));

    public static void GapFilled(string kind, int events) => GapEventsFilled.Add(events, Kind(kind));

    /// <summary>The kind part of a topic name ("chat/lobby" → "chat"), computed once per subscription or feed.</summary>
    public static string KindOf(string topic) => topic.Length == 0 ? "" : Topics.Parse(topic).Kind;

    private static Activity? Start(string name, ActivityKind kind, TopicEvent topicEvent)
    {
        var activity = Source.StartActivity(name, kind);
        activity?.SetTag("realtime.topic", topicEvent.Topic);
        activity?.SetTag("realtime.offset", topicEvent.Offset);
        return activity;
    }

    private static KeyValuePair<string, object?> Kind(string kind) => new("topic.kind", kind);
}
