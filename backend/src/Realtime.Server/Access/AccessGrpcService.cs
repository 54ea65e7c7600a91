using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Grains.Abstractions.Games;
using Realtime.Protos.Access.V1;
using Realtime.Protos.Common.V1;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;

namespace Realtime.Server.Access;

/// <summary>
/// The AccessService edge: reads and replaces topic policies (the grains check the caller's role), then
/// removes the streams of users the change lowered from the topic on every silo.
/// </summary>
[Authorize]
public sealed class AccessGrpcService(
    IGrainFactory grains,
    AccessPolicies policies,
    AccessRevocations revocations) : AccessService.AccessServiceBase
{
    public override async Task<GetAccessResponse> GetAccess(GetAccessRequest request, ServerCallContext context)
    {
        var (topic, grain) = Resolve(request.Topic);
        var caller = context.Caller();
        var access = await grain.GetAccessAsync(caller) ?? throw NotFound(topic);
        return new GetAccessResponse { Policy = AccessPolicies.ToWire(access), CallerRole = AccessPolicies.ToWire(access.RoleOf(caller)) };
    }

    public override async Task<UpdateAccessResponse> UpdateAccess(UpdateAccessRequest request, ServerCallContext context)
    {
        var (topic, grain) = Resolve(request.Topic);
        var next = policies.ToAccess(request.Policy, "policy");
        var update = await grain.UpdateAccessAsync(context.Caller(), next) ?? throw NotFound(topic);
        if (update.Lowered.Length > 0)
        {
            await revocations.RevokeEverywhereAsync(topic, update.Lowered, context.CancellationToken);
        }
        return new UpdateAccessResponse { Policy = AccessPolicies.ToWire(update.Access) };
    }

    private (string Topic, IAccessControlledGrain Grain) Resolve(TopicRef? topic)
    {
        if (topic is null)
        {
            throw CommandException.Invalid([new Violation("topic", "is required")]);
        }
        var name = TopicRefs.Checked(topic.Kind, topic.Id, "topic.kind", "topic.id");
        return (name, topic.Kind switch
        {
            TopicKind.ChatRoom => grains.GetGrain<IChatRoomGrain>(topic.Id),
            TopicKind.Document => grains.GetGrain<IDocumentGrain>(topic.Id),
            _ => grains.GetGrain<IGameSessionGrain>(topic.Id),
        });
    }

    private static CommandException NotFound(string topic) => new(StatusCode.NotFound, $"There is no topic '{topic}'.");

}
