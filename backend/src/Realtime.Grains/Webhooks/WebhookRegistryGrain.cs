using Realtime.Grains.Abstractions.Webhooks;

namespace Realtime.Grains.Webhooks;

/// <summary>The registered endpoints, written on each change: registrations are rare, and every silo reads them.</summary>
public sealed class WebhookRegistryGrain(
    [PersistentState("webhookRegistry", GrainStorage.Name)] IPersistentState<WebhookRegistryState> state) : Grain, IWebhookRegistryGrain
{
    public Task<RegisteredWebhook[]> ListAsync() =>
        Task.FromResult(state.State.Endpoints.Values.OrderBy(endpoint => endpoint.Name, StringComparer.Ordinal).ToArray());

    public async Task PutAsync(RegisteredWebhook endpoint)
    {
        state.State.Endpoints[endpoint.Name] = endpoint;
        await state.WriteStateAsync();
    }

    public async Task<bool> DeleteAsync(string name)
    {
        if (!state.State.Endpoints.Remove(name))
        {
            return false;
        }
        await state.WriteStateAsync();
        return true;
    }
}

[GenerateSerializer]
public sealed class WebhookRegistryState
{
    [Id(0)] public Dictionary<string, RegisteredWebhook> Endpoints { get; set; } = new(StringComparer.Ordinal);
}
