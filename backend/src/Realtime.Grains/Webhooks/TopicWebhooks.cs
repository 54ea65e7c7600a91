using Microsoft.Extensions.Options;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Webhooks;

namespace Realtime.Grains.Webhooks;

/// <summary>Tells each endpoint that hears a room that the room stored events: a one-way call per endpoint, nothing awaited.</summary>
public sealed class TopicWebhooks(IGrainFactory grains, IOptions<WebhookOptions> options)
{
    public void ChatStored(string roomId, string epoch, long offset)
    {
        foreach (var endpoint in options.Value.Endpoints)
        {
            if (endpoint.HearsRoom(roomId))
            {
                _ = grains.GetGrain<IWebhookDeliveryGrain>($"{endpoint.Name}|{Topics.Chat(roomId)}").StoredAsync(epoch, offset);
            }
        }
    }
}
