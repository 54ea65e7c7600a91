using Grpc.Core;
using Realtime.Grains.Abstractions.Webhooks;
using Realtime.Grains.Webhooks;
using Realtime.Protos.Server.V1;
using Realtime.Streaming.Grpc.Errors;
using WireEndpoint = Realtime.Protos.Server.V1.WebhookEndpoint;

namespace Realtime.Server.ServerApi;

/// <summary>
/// Webhook endpoints the application registers at run time, kept by the registry grain. This silo takes a change in at
/// once; the others when they next read the registry (<see cref="WebhookRegistryRefresh"/>).
/// </summary>
public sealed class ServerWebhooks(IGrainFactory grains, WebhookEndpoints endpoints)
{
    private IWebhookRegistryGrain Registry => grains.GetGrain<IWebhookRegistryGrain>(0);

    public async Task<PutWebhookEndpointResponse> PutAsync(PutWebhookEndpointRequest request, string principal)
    {
        var wire = request.Endpoint ?? throw CommandException.Invalid([new Violation("endpoint", "is required")]);
        var endpoint = new Grains.Webhooks.WebhookEndpoint
        {
            Name = wire.Name,
            Url = wire.Url,
            Secrets = [.. wire.Secrets],
            Rooms = [.. wire.Rooms],
            Documents = [.. wire.Documents],
            Events = [.. wire.Events],
        };
        CommandException.ThrowIfAny([.. endpoint.Problems().Select(problem => new Violation($"endpoint.{problem.Property.ToLowerInvariant()}", problem.Problem))]);
        NotConfigured(endpoint.Name);
        var registered = new RegisteredWebhook(endpoint.Name, endpoint.Url, endpoint.Secrets, endpoint.Rooms, endpoint.Documents, endpoint.Events, principal);
        await Registry.PutAsync(registered);
        endpoints.UseRegistered(await Registry.ListAsync());
        return new PutWebhookEndpointResponse { Endpoint = Wire(registered) };
    }

    public async Task<ListWebhookEndpointsResponse> ListAsync()
    {
        var registered = await Registry.ListAsync();
        var response = new ListWebhookEndpointsResponse();
        response.Endpoints.AddRange(endpoints.All.Where(endpoint => endpoints.IsConfigured(endpoint.Name)).Select(endpoint => new WireEndpoint
        {
            Name = endpoint.Name,
            Url = endpoint.Url,
            Rooms = { endpoint.Rooms },
            Documents = { endpoint.Documents },
            Events = { endpoint.Events },
            Configured = true,
        }));
        response.Endpoints.AddRange(registered.Where(endpoint => !endpoints.IsConfigured(endpoint.Name)).Select(Wire));
        return response;
    }

    public async Task<DeleteWebhookEndpointResponse> DeleteAsync(DeleteWebhookEndpointRequest request)
    {
        if (request.Name.Length == 0)
        {
            throw CommandException.Invalid([new Violation("name", "is required")]);
        }
        NotConfigured(request.Name);
        if (!await Registry.DeleteAsync(request.Name))
        {
            throw new CommandException(StatusCode.NotFound, $"No webhook endpoint '{request.Name}' is registered.");
        }
        endpoints.UseRegistered(await Registry.ListAsync());
        return new DeleteWebhookEndpointResponse();
    }

    private void NotConfigured(string name)
    {
        if (endpoints.IsConfigured(name))
        {
            throw new CommandException(StatusCode.FailedPrecondition, $"The webhook endpoint '{name}' is configured (Webhooks:Endpoints); change it there.");
        }
    }

    /// <summary>An endpoint as the API shows it: never its secrets.</summary>
    private static WireEndpoint Wire(RegisteredWebhook endpoint) => new()
    {
        Name = endpoint.Name,
        Url = endpoint.Url,
        Rooms = { endpoint.Rooms },
        Documents = { endpoint.Documents },
        Events = { endpoint.Events },
        RegisteredBy = endpoint.RegisteredBy,
    };
}
