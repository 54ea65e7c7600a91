using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions.Webhooks;

namespace Realtime.Grains.Webhooks;

/// <summary>
/// This silo's view of every webhook endpoint: those configured under Webhooks:Endpoints, then those registered through
/// the server API as this silo last read them (<see cref="UseRegistered"/>). Read on every stored event, so it is one
/// list swapped whole, never locked.
/// </summary>
public sealed class WebhookEndpoints(IOptions<WebhookOptions> options)
{
    private IReadOnlyList<WebhookEndpoint> _all = options.Value.Endpoints;

    public IReadOnlyList<WebhookEndpoint> All => Volatile.Read(ref _all);

    public WebhookEndpoint? Find(string name) => All.FirstOrDefault(endpoint => endpoint.Name == name);

    /// <summary>Whether <paramref name="name"/> is a configured endpoint's, which the server API may not replace or remove.</summary>
    public bool IsConfigured(string name) => options.Value.Endpoints.Any(endpoint => endpoint.Name == name);

    /// <summary>The registered endpoints as the registry holds them now; a name that is configured stays the configured one.</summary>
    public void UseRegistered(IEnumerable<RegisteredWebhook> registered)
    {
        var configured = options.Value.Endpoints;
        var added = registered.Where(endpoint => !IsConfigured(endpoint.Name)).Select(endpoint => new WebhookEndpoint
        {
            Name = endpoint.Name,
            Url = endpoint.Url,
            Secrets = endpoint.Secrets,
            Rooms = endpoint.Rooms,
            Documents = endpoint.Documents,
            Events = endpoint.Events,
        });
        Volatile.Write(ref _all, [.. configured, .. added]);
    }
}
