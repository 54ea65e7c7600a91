using Grpc.Core;
using Grpc.Net.Client.Configuration;
using Realtime.Protos.Admin.V1;

namespace Realtime.AdminCli;

/// <summary>
/// Operator calls that are safe to repeat are retried while the cluster is in the middle of a fault
/// (a silo restarting behind the balancer answers Unavailable for a moment). Shedding is not: each
/// call sheds another fraction, so it is sent once.
/// </summary>
public static class AdminRetries
{
    public static ServiceConfig ServiceConfig { get; } = new()
    {
        MethodConfigs =
        {
            new MethodConfig
            {
                Names =
                {
                    Method(nameof(AdminService.AdminServiceClient.GetClusterOverview)),
                    Method(nameof(AdminService.AdminServiceClient.InspectTopic)),
                    Method(nameof(AdminService.AdminServiceClient.DrainSilo)),
                    Method(nameof(AdminService.AdminServiceClient.ResumeSilo)),
                    Method(nameof(AdminService.AdminServiceClient.ListStalledWebhooks)),
                    // Sets the position to one offset: twice is the same as once.
                    Method(nameof(AdminService.AdminServiceClient.ReplayWebhook)),
                },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = 5,
                    InitialBackoff = TimeSpan.FromMilliseconds(500),
                    MaxBackoff = TimeSpan.FromSeconds(3),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            },
        },
    };

    private static MethodName Method(string name) => new() { Service = AdminService.Descriptor.FullName, Method = name };
}
