using Realtime.Grains.Abstractions.Webhooks;

namespace Realtime.Grains.Webhooks;

/// <summary>An endpoint's stalled topics, written on each change: a pause is rare, and an operator reads it after a silo is gone.</summary>
public sealed class WebhookEndpointGrain(
    [PersistentState("webhookEndpoint", GrainStorage.Name)] IPersistentState<WebhookEndpointState> state) : Grain, IWebhookEndpointGrain
{
    public async Task StalledAsync(StalledDelivery stalled)
    {
        var since = state.State.Stalled.TryGetValue(stalled.Topic, out var before) ? before.Since : stalled.Since;
        state.State.Stalled[stalled.Topic] = stalled with { Since = since };
        await state.WriteStateAsync();
    }

    public async Task RecoveredAsync(string topic)
    {
        if (state.State.Stalled.Remove(topic))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<StalledDelivery[]> ListStalledAsync() =>
        Task.FromResult(state.State.Stalled.Values.OrderBy(stalled => stalled.Topic, StringComparer.Ordinal).ToArray());
}

[GenerateSerializer]
public sealed class WebhookEndpointState
{
    [Id(0)] public Dictionary<string, StalledDelivery> Stalled { get; set; } = new(StringComparer.Ordinal);
}
