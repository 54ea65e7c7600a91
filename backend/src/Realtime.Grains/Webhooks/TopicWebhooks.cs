using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Webhooks;

namespace Realtime.Grains.Webhooks;

/// <summary>Tells each endpoint that hears a room that the room stored events: a one-way call per endpoint, nothing awaited.</summary>
public sealed class TopicWebhooks(IGrainFactory grains, IOptions<WebhookOptions> options)
{
    public void ChatStored(string roomId, string epoch, long offset)
    {
        foreach (var sender in Senders(roomId))
        {
            _ = sender.StoredAsync(epoch, offset);
        }
    }

    /// <summary>The room activated: senders that a lost silo took down while they were behind start again from their stored positions.</summary>
    public void ChatResumed(string roomId, string epoch, long lastOffset)
    {
        foreach (var sender in Senders(roomId))
        {
            _ = sender.ResumeAsync(epoch, lastOffset);
        }
    }

    /// <summary>The single sender of <paramref name="roomId"/>'s events to the endpoint named <paramref name="endpoint"/>.</summary>
    public IWebhookDeliveryGrain Sender(string endpoint, string roomId) => grains.GetGrain<IWebhookDeliveryGrain>($"{endpoint}|{Topics.Chat(roomId)}");

    private IEnumerable<IWebhookDeliveryGrain> Senders(string roomId) =>
        options.Value.Endpoints.Where(endpoint => endpoint.HearsRoom(roomId)).Select(endpoint => Sender(endpoint.Name, roomId));
}
