using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Realtime.Protos.Admin.V1;
using Realtime.Server.Cluster;
using Realtime.Streaming.Grpc.Errors;
using Realtime.Streaming.Grpc.Identity;

namespace Realtime.Server.Admin;

/// <summary>The AdminService edge: the admin role or nothing.</summary>
[Authorize(Roles = CallerIdentity.AdminRole)]
public sealed class AdminGrpcService(ClusterOverview overview, SiloDirectory silos, TopicInspector inspector, WebhookOperations webhooks) : AdminService.AdminServiceBase
{
    public override Task<GetClusterOverviewResponse> GetClusterOverview(GetClusterOverviewRequest request, ServerCallContext context) =>
        overview.BuildAsync(context.CancellationToken);

    public override async Task<DrainSiloResponse> DrainSilo(DrainSiloRequest request, ServerCallContext context)
    {
        var drained = await silos.CallAsync(request.Silo, control => control.DrainAsync(), context.CancellationToken);
        return new DrainSiloResponse { StreamsDrained = drained };
    }

    public override async Task<ResumeSiloResponse> ResumeSilo(ResumeSiloRequest request, ServerCallContext context)
    {
        if (!await silos.CallAsync(request.Silo, control => control.ResumeAsync(), context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "The silo is shutting down; it cannot take streams again."));
        }
        return new ResumeSiloResponse();
    }

    public override async Task<ShedStreamsResponse> ShedStreams(ShedStreamsRequest request, ServerCallContext context)
    {
        ValidateFraction(request.Fraction);
        var result = await silos.CallAsync(request.Silo, control => control.ShedAsync(request.Fraction), context.CancellationToken);
        return new ShedStreamsResponse { StreamsShed = result.Shed, StreamsRemaining = result.Remaining };
    }

    public override Task<InspectTopicResponse> InspectTopic(InspectTopicRequest request, ServerCallContext context) =>
        inspector.InspectAsync(request);

    public override Task<ListStalledWebhooksResponse> ListStalledWebhooks(ListStalledWebhooksRequest request, ServerCallContext context) =>
        webhooks.ListStalledAsync(request);

    public override Task<ReplayWebhookResponse> ReplayWebhook(ReplayWebhookRequest request, ServerCallContext context) =>
        webhooks.ReplayAsync(request);

    private static void ValidateFraction(double fraction)
    {
        if (!(fraction > 0 && fraction <= 1))
        {
            throw CommandException.Invalid([new Violation("fraction", "must be greater than 0 and at most 1")]);
        }
    }
}
