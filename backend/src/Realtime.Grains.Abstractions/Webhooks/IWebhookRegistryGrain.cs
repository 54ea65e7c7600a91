namespace Realtime.Grains.Abstractions.Webhooks;

/// <summary>
/// The webhook endpoints registered through the server API (key 0), beside those configured under Webhooks:Endpoints:
/// durable (Redis in cluster mode), read by every silo's WebhookEndpoints.
/// </summary>
public interface IWebhookRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Every registered endpoint, by name.</summary>
    Task<RegisteredWebhook[]> ListAsync();

    /// <summary>Registers <paramref name="endpoint"/>, or replaces the one of that name.</summary>
    Task PutAsync(RegisteredWebhook endpoint);

    /// <summary>Whether there was an endpoint of that name to remove.</summary>
    Task<bool> DeleteAsync(string name);
}

/// <summary>A registered endpoint: what a configured one holds (see WebhookEndpoint), and the principal that registered it.</summary>
[GenerateSerializer, Immutable]
public sealed record RegisteredWebhook(
    [property: Id(0)] string Name,
    [property: Id(1)] string Url,
    [property: Id(2)] string[] Secrets,
    [property: Id(3)] string[] Rooms,
    [property: Id(4)] string[] Documents,
    [property: Id(5)] string[] Events,
    [property: Id(6)] string RegisteredBy);
