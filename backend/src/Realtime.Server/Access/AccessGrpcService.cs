using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Grains.Abstractions.Access;
using Realtime.Grains.Abstractions.Chat;
using Realtime.Grains.Abstractions.Documents;
using Realtime.Grains.Abstractions.Games;
using Realtime.Protos.Access.V1;
using Realtime.Protos.Common.V1;
using Realtime.Server.Cluster;
using Realtime.Server.Validation;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;

namespace Realtime.Server.Access;

/// <summary>
/// The AccessService edge: reads and replaces topic policies (the grains check the caller's role), then
/// removes the streams of users the change lowered from the topic on every silo.
/// </summary>
[Authorize]
public sealed partial class AccessGrpcService(
    IGrainFactory grains,
    AccessPolicies policies,
    SiloDirectory silos,
    ILogger<AccessGrpcService> logger) : AccessService.AccessServiceBase
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
            await RevokeEverywhereAsync(topic, update.Lowered, context.CancellationToken);
        }
        return new UpdateAccessResponse { Policy = AccessPolicies.ToWire(update.Access) };
    }

    /// <summary>
    /// Tells every live silo to drop the lowered users' streams from the topic. The policy is already in
    /// force for every join and command; a silo that does not answer keeps such a stream receiving until
    /// it leaves, which is logged.
    /// </summary>
    private async Task RevokeEverywhereAsync(string topic, string[] lowered, CancellationToken cancellationToken)
    {
        var endpoints = await silos.ListAsync();
        await Task.WhenAll(endpoints.Select(async silo =>
        {
            try
            {
                await silos.WithinTimeoutAsync(silo.Key, silo.Value.Control.RevokeAsync(topic, lowered), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRevocationFailed(logger, ex, topic, silo.Key);
            }
        }));
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removing lowered users' streams from {Topic} on silo {Silo} failed; they receive until they leave")]
    private static partial void LogRevocationFailed(ILogger logger, Exception exception, string topic, string silo);
}
