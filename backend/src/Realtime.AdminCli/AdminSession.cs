using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Realtime.Client;
using Realtime.Protos.Admin.V1;
using Spectre.Console;

namespace Realtime.AdminCli;

/// <summary>One command's call: a token, a channel, the call, and the answer or a readable refusal.</summary>
public sealed class AdminSession(AdminService.AdminServiceClient admin, Metadata headers, CancellationToken cancellationToken)
{
    public AdminService.AdminServiceClient Admin => admin;

    public CallOptions Options => new(headers, cancellationToken: cancellationToken);

    /// <summary>The address of the silo <paramref name="wanted"/> names (see <see cref="SiloSelector"/>).</summary>
    public async Task<string> SiloAsync(string wanted)
    {
        if (wanted.Contains('@', StringComparison.Ordinal))
        {
            return wanted;
        }
        var (address, error) = SiloSelector.Find(await admin.GetClusterOverviewAsync(new GetClusterOverviewRequest(), Options), wanted);
        return address ?? throw new ArgumentException(error);
    }

    public static async Task<int> RunAsync(System.CommandLine.ParseResult result, AdminOptions options, Func<AdminSession, Task<IMessage>> call, CancellationToken cancellationToken)
    {
        var server = result.GetValue(options.Server)!;
        var web = result.GetValue(options.Web)!;
        try
        {
            var token = result.GetValue(options.Token)
                ?? await DevelopmentTokens.FetchAsync(web, result.GetValue(options.User)!, ["admin"], cancellationToken);
            using var channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { ServiceConfig = AdminRetries.ServiceConfig });
            var session = new AdminSession(new AdminService.AdminServiceClient(channel), new Metadata { { "authorization", $"Bearer {token}" } }, cancellationToken);
            var answer = await call(session);
            if (result.GetValue(options.Json))
            {
                Console.WriteLine(new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(true)).Format(answer));
            }
            else
            {
                if (Console.IsOutputRedirected)
                {
                    // Piped output has no terminal width to fit: keep each silo on one line.
                    AnsiConsole.Profile.Width = 200;
                }
                AnsiConsole.Write(answer switch
                {
                    GetClusterOverviewResponse overview => OverviewTable.Build(overview),
                    ListStalledWebhooksResponse stalled => StalledTable.Build(stalled),
                    _ => AnswerTable.Build(answer),
                });
            }
            return 0;
        }
        catch (RpcException failure)
        {
            await Console.Error.WriteLineAsync(Explain(failure, server));
            return 1;
        }
        catch (HttpRequestException failure)
        {
            await Console.Error.WriteLineAsync($"Could not get a development token from {web} ({failure.Message}); pass --token, or --web of a server in Development.");
            return 1;
        }
        catch (ArgumentException unknown)
        {
            await Console.Error.WriteLineAsync(unknown.Message);
            return 2;
        }
    }

    private static string Explain(RpcException failure, Uri server) => failure.StatusCode switch
    {
        StatusCode.Unauthenticated => "The token expired or is invalid; get a fresh one (or leave out --token to use a development token).",
        StatusCode.PermissionDenied => "This needs a token with the admin role.",
        StatusCode.Unavailable => $"No silo answered at {server} ({failure.Status.Detail}).",
        _ => $"{failure.StatusCode}: {failure.Status.Detail}",
    };
}
