using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Realtime.AdminCli;
using Realtime.Client;
using Realtime.Protos.Admin.V1;

if (AdminArguments.Parse(args) is not { } arguments || AdminCommands.Parse(arguments.Command) is not { } call)
{
    Console.Error.WriteLine(AdminArguments.Usage);
    return 2;
}
try
{
    var token = arguments.Token ?? await DevelopmentTokens.FetchAsync(arguments.Web, arguments.User, ["admin"]);
    using var channel = GrpcChannel.ForAddress(arguments.Server, new GrpcChannelOptions { ServiceConfig = AdminRetries.ServiceConfig });
    var answer = await call(new AdminService.AdminServiceClient(channel), new Metadata { { "authorization", $"Bearer {token}" } });
    Console.WriteLine(!arguments.Json && answer is GetClusterOverviewResponse overview
        ? OverviewTable.Format(overview)
        : new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(true)).Format(answer));
    return 0;
}
catch (RpcException failure)
{
    Console.Error.WriteLine($"{failure.StatusCode}: {failure.Status.Detail}");
    return 1;
}
catch (HttpRequestException failure)
{
    Console.Error.WriteLine($"Could not get a development token from {arguments.Web}: {failure.Message}");
    return 1;
}
