namespace Realtime.Grains.Abstractions.Webhooks;

/// <summary>
/// One webhook endpoint's stalled deliveries, keyed by the endpoint's name: the topics whose sender paused after
/// Webhooks:PauseAfterFailures failures in a row, kept (durably, Redis in cluster mode) until a delivery there succeeds
/// again, so an operator sees what an endpoint has not received and can replay it (IWebhookDeliveryGrain.ReplayAsync).
/// </summary>
public interface IWebhookEndpointGrain : IGrainWithStringKey
{
    /// <summary>The sender of <see cref="StalledDelivery.Topic"/> is paused, or failed again while paused.</summary>
    Task StalledAsync(StalledDelivery stalled);

    /// <summary>A delivery of <paramref name="topic"/> succeeded again (or was replayed): no longer stalled.</summary>
    Task RecoveredAsync(string topic);

    /// <summary>Every stalled topic of this endpoint, in topic order.</summary>
    Task<StalledDelivery[]> ListStalledAsync();
}

/// <summary>Where a paused sender stands: the last offset its endpoint confirmed, its failures in a row, the latest and since when.</summary>
[GenerateSerializer, Immutable]
public sealed record StalledDelivery(
    [property: Id(0)] string Topic,
    [property: Id(1)] long Confirmed,
    [property: Id(2)] int Failures,
    [property: Id(3)] string LastFailure,
    [property: Id(4)] DateTimeOffset Since);
