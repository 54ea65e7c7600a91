using Realtime.Grains.Abstractions.Webhooks;

namespace Realtime.Grains.Webhooks;

/// <summary>Tells each endpoint that hears a topic that the topic stored events: a one-way call per endpoint, nothing awaited.</summary>
public sealed class TopicWebhooks(IGrainFactory grains, WebhookEndpoints endpoints)
{
    /// <summary><paramref name="topic"/> ("chat/ROOM", "doc/DOCUMENT") stored the event at <paramref name="offset"/>.</summary>
    public void Stored(string topic, string epoch, long offset)
    {
        foreach (var sender in Senders(topic))
        {
            _ = sender.StoredAsync(epoch, offset);
        }
    }

    /// <summary>The topic activated: senders that a lost silo took down while they were behind start again from their stored positions.</summary>
    public void Resumed(string topic, string epoch, long lastOffset)
    {
        foreach (var sender in Senders(topic))
        {
            _ = sender.ResumeAsync(epoch, lastOffset);
        }
    }

    /// <summary>The single sender of <paramref name="topic"/>'s events to the endpoint named <paramref name="endpoint"/>.</summary>
    public IWebhookDeliveryGrain Sender(string endpoint, string topic) => grains.GetGrain<IWebhookDeliveryGrain>($"{endpoint}|{topic}");

    private IEnumerable<IWebhookDeliveryGrain> Senders(string topic) =>
        endpoints.All.Where(endpoint => endpoint.Hears(topic)).Select(endpoint => Sender(endpoint.Name, topic));
}
