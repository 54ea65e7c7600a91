using System.CommandLine;
using Google.Protobuf;
using Realtime.Protos.Admin.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.AdminCli;

/// <summary>
/// realtime-admin's commands, one AdminService call each. A silo is named by its address, its
/// host:port or its name as the overview shows them. --help (anywhere) prints usage and never connects.
/// </summary>
public static class AdminCommandLine
{
    public static RootCommand Build()
    {
        var options = new AdminOptions();
        var root = new RootCommand("realtime-admin: the operator's view of a Realtime cluster and its levers. Without --token a development token with the admin role is fetched from --web (Development only).");
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }
        root.Subcommands.Add(Command("overview", "Silos, their streams and topics, and the topics active in the cluster", options, [],
            async (session, _) => await session.Admin.GetClusterOverviewAsync(new GetClusterOverviewRequest(), session.Options)));
        var silo = new Argument<string>("silo") { Description = "The silo: its address, host:port or name" };
        root.Subcommands.Add(Command("drain", "Reconnect hints to every stream of the silo; it turns new ones away and reports NOT_SERVING", options, [silo],
            async (session, result) => await session.Admin.DrainSiloAsync(new DrainSiloRequest { Silo = await session.SiloAsync(result.GetValue(silo)!) }, session.Options)));
        root.Subcommands.Add(Command("resume", "The silo takes streams again", options, [silo],
            async (session, result) => await session.Admin.ResumeSiloAsync(new ResumeSiloRequest { Silo = await session.SiloAsync(result.GetValue(silo)!) }, session.Options)));
        var fraction = new Argument<double>("fraction") { Description = "Share of the silo's streams to shed, in (0, 1]" };
        root.Subcommands.Add(Command("shed", "Reconnect hints to that fraction of the silo's streams", options, [silo, fraction],
            async (session, result) => await session.Admin.ShedStreamsAsync(new ShedStreamsRequest { Silo = await session.SiloAsync(result.GetValue(silo)!), Fraction = result.GetValue(fraction) }, session.Options)));
        var kind = new Argument<string>("kind") { Description = "room, document or game" };
        kind.AcceptOnlyFromAmong([.. Kinds.Keys]);
        var id = new Argument<string>("id") { Description = "The topic's id" };
        root.Subcommands.Add(Command("inspect", "One topic's position, presence and host", options, [kind, id],
            async (session, result) => await session.Admin.InspectTopicAsync(new InspectTopicRequest { Kind = Kinds[result.GetValue(kind)!], Id = result.GetValue(id)! }, session.Options)));
        var endpoint = new Argument<string>("endpoint") { Description = "A webhook endpoint's name (Webhooks:Endpoints)" };
        var anyEndpoint = new Argument<string>("endpoint") { Description = "Only this endpoint's", Arity = ArgumentArity.ZeroOrOne };
        root.Subcommands.Add(Command("webhooks", "Rooms and documents whose webhook deliveries stalled (paused after failing in a row), per endpoint", options, [anyEndpoint],
            async (session, result) => await session.Admin.ListStalledWebhooksAsync(new ListStalledWebhooksRequest { Endpoint = result.GetValue(anyEndpoint) ?? "" }, session.Options)));
        var from = new Argument<long>("from") { Description = "The first offset (a document's revision) to send again" };
        root.Subcommands.Add(Command("replay", "Sends a room's or document's events to a webhook endpoint again from an offset, now", options, [endpoint, kind, id, from],
            async (session, result) => await session.Admin.ReplayWebhookAsync(
                new ReplayWebhookRequest { Endpoint = result.GetValue(endpoint)!, Kind = Kinds[result.GetValue(kind)!], Id = result.GetValue(id)!, FromOffset = result.GetValue(from) }, session.Options)));
        return root;
    }

    private static readonly Dictionary<string, TopicKind> Kinds = new(StringComparer.Ordinal)
    {
        ["room"] = TopicKind.ChatRoom,
        ["document"] = TopicKind.Document,
        ["game"] = TopicKind.Game,
    };

    private static Command Command(string name, string description, AdminOptions options, Argument[] arguments, Func<AdminSession, ParseResult, Task<IMessage>> call)
    {
        var command = new Command(name, description);
        foreach (var argument in arguments)
        {
            command.Arguments.Add(argument);
        }
        command.SetAction((result, cancellationToken) => AdminSession.RunAsync(result, options, session => call(session, result), cancellationToken));
        return command;
    }
}
