using Orleans.Concurrency;

namespace Realtime.Grains.Abstractions.Webhooks;

/// <summary>
/// One webhook endpoint's deliveries of one topic, keyed "ENDPOINT|TOPIC": the single sender of that pair, so its
/// deliveries go out in offset order. Its confirmed position is grain state (Redis in cluster mode): after a silo
/// is lost, the next activation sends again from there — at least once, never skipping.
/// </summary>
public interface IWebhookDeliveryGrain : IGrainWithStringKey
{
    /// <summary>
    /// The topic stored the event at <paramref name="offset"/> of <paramref name="epoch"/>; never waited for, so no topic
    /// waits on an endpoint. An endpoint that has no position yet for the topic starts at the topic's retained history.
    /// </summary>
    [OneWay]
    Task StoredAsync(string epoch, long offset);

    /// <summary>The topic came back (activated) with <paramref name="lastOffset"/> its newest event: a sender that is behind starts again.</summary>
    [OneWay]
    Task ResumeAsync(string epoch, long lastOffset);

    /// <summary>The last offset the endpoint confirmed, and how many deliveries in a row have failed.</summary>
    Task<WebhookPosition> GetPositionAsync();

    /// <summary>
    /// Sends the topic's events again from <paramref name="fromOffset"/> (earlier or later than the confirmed position), at
    /// once, with the failure count cleared: an operator's replay after an endpoint lost or missed deliveries. Null when
    /// this endpoint has never heard of the topic.
    /// </summary>
    Task<WebhookPosition?> ReplayAsync(long fromOffset);
}

[GenerateSerializer, Immutable]
public sealed record WebhookPosition([property: Id(0)] string Epoch, [property: Id(1)] long Confirmed, [property: Id(2)] int Failures);
