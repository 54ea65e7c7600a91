using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Webhooks;
using Realtime.Grains.Webhooks;
using Realtime.Protos.Admin.V1;
using Realtime.Protos.Common.V1;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;

namespace Realtime.Server.Admin;

/// <summary>The operator's view of webhook deliveries: what stalled where, and replays from an offset.</summary>
public sealed class WebhookOperations(IGrainFactory grains, TopicWebhooks webhooks, WebhookEndpoints endpoints)
{
    public async Task<ListStalledWebhooksResponse> ListStalledAsync(ListStalledWebhooksRequest request)
    {
        var names = request.Endpoint.Length == 0 ? [.. endpoints.All.Select(endpoint => endpoint.Name)] : new[] { Known(request.Endpoint) };
        var response = new ListStalledWebhooksResponse();
        foreach (var endpoint in names)
        {
            foreach (var stalled in await grains.GetGrain<IWebhookEndpointGrain>(endpoint).ListStalledAsync())
            {
                var (kind, id) = Topics.Parse(stalled.Topic);
                response.Stalled.Add(new StalledWebhook
                {
                    Endpoint = endpoint,
                    Kind = kind == Topics.DocumentKind ? TopicKind.Document : TopicKind.ChatRoom,
                    Id = id,
                    ConfirmedOffset = stalled.Confirmed,
                    Failures = stalled.Failures,
                    LastFailure = stalled.LastFailure,
                    Since = Timestamp.FromDateTimeOffset(stalled.Since),
                });
            }
        }
        return response;
    }

    public async Task<ReplayWebhookResponse> ReplayAsync(ReplayWebhookRequest request)
    {
        var topic = TopicRefs.Checked(request.Kind, request.Id, "kind", "id");
        var violations = new List<Violation>();
        if (request.Endpoint.Length == 0)
        {
            violations.Add(new Violation("endpoint", "is required"));
        }
        if (request.Kind == TopicKind.Game)
        {
            violations.Add(new Violation("kind", "webhooks are sent for chat rooms and documents: TOPIC_KIND_CHAT_ROOM or TOPIC_KIND_DOCUMENT"));
        }
        if (request.FromOffset < 1)
        {
            violations.Add(new Violation("from_offset", "must be 1 or more"));
        }
        CommandException.ThrowIfAny(violations);
        var endpoint = Known(request.Endpoint);
        var position = await webhooks.Sender(endpoint, topic).ReplayAsync(request.FromOffset)
            ?? throw new CommandException(StatusCode.NotFound, $"Webhook endpoint '{endpoint}' has sent nothing of {TopicRefs.Noun(request.Kind)} '{request.Id}': it hears it from its next event.");
        return new ReplayWebhookResponse { Epoch = position.Epoch, ConfirmedOffset = position.Confirmed };
    }

    private string Known(string endpoint) =>
        endpoints.Find(endpoint) is not null
            ? endpoint
            : throw new CommandException(StatusCode.NotFound, $"There is no webhook endpoint '{endpoint}' (Webhooks:Endpoints, or registered through the server API).");
}
