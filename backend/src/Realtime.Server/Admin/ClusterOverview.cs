using Google.Protobuf.WellKnownTypes;
using Realtime.Grains.Abstractions;
using Realtime.Grains.Abstractions.Admin;
using Realtime.Grains.Chat;
using Realtime.Grains.Documents;
using Realtime.Grains.Games;
using Realtime.Protos.Admin.V1;
using Realtime.Server.Cluster;
using Realtime.Streaming.Grpc.Errors;
using OrleansSiloStatus = Orleans.Runtime.SiloStatus;
using WireSiloStatus = Realtime.Protos.Admin.V1.SiloStatus;

namespace Realtime.Server.Admin;

/// <summary>
/// The cluster as an operator sees it: Orleans membership for which silos exist, each live silo's own
/// report for its streams and subscriptions, and grain statistics for the topics active where.
/// </summary>
public sealed class ClusterOverview(IGrainFactory grains, SiloDirectory silos)
{
    private static readonly Dictionary<string, string> TopicKindsByGrainType = new(StringComparer.Ordinal)
    {
        [typeof(ChatRoomGrain).FullName!] = Topics.ChatKind,
        [typeof(DocumentGrain).FullName!] = Topics.DocumentKind,
        [typeof(GameSessionGrain).FullName!] = Topics.GameKind,
    };

    public async Task<GetClusterOverviewResponse> BuildAsync(CancellationToken cancellationToken)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var members = await management.GetDetailedHosts(onlyActive: false, cancellationToken);
        var statistics = await management.GetSimpleGrainStatistics(cancellationToken);
        var registered = await silos.ListAsync();
        var loads = await Task.WhenAll(members.Select(m => LoadAsync(registered, m, cancellationToken)));

        var response = new GetClusterOverviewResponse();
        var topicGrains = statistics
            .Select(s => (Silo: s.SiloAddress.ToParsableString(), Kind: TopicKindsByGrainType.GetValueOrDefault(ClassName(s.GrainType)), s.ActivationCount))
            .Where(s => s.Kind is not null)
            .ToArray();
        foreach (var (member, load) in members.Zip(loads).OrderBy(m => m.First.Status != OrleansSiloStatus.Active).ThenBy(m => m.First.SiloName, StringComparer.Ordinal))
        {
            var address = member.SiloAddress.ToParsableString();
            var silo = new SiloOverview
            {
                Silo = address,
                Name = member.SiloName ?? "",
                HostName = member.HostName ?? "",
                Status = ToWire(member.Status),
                StartedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(member.StartTime, DateTimeKind.Utc)),
                Reporting = load is not null,
                Draining = load?.Draining ?? false,
            };
            silo.Streams.AddRange(Counts(load?.StreamsByMethod ?? []));
            silo.SubscribedTopics.AddRange(Counts(load?.TopicsByKind ?? []));
            silo.ActiveTopics.AddRange(Counts(Sum(topicGrains.Where(g => g.Silo == address))));
            response.Silos.Add(silo);
        }
        response.ActiveTopics.AddRange(Counts(Sum(topicGrains)));
        return response;
    }

    /// <summary>A live silo's own report, or null when it is not live, not registered or too slow.</summary>
    private async Task<SiloLoad?> LoadAsync(Dictionary<string, SiloEndpoints> registered, MembershipEntry member, CancellationToken cancellationToken)
    {
        var address = member.SiloAddress.ToParsableString();
        if (member.Status != OrleansSiloStatus.Active || !registered.TryGetValue(address, out var endpoints))
        {
            return null;
        }
        try
        {
            return await silos.WithinTimeoutAsync(address, endpoints.Control.GetLoadAsync(), cancellationToken);
        }
        catch (CommandException exception) when (exception.Code == Grpc.Core.StatusCode.Unavailable)
        {
            return null;
        }
    }

    /// <summary>Grain statistics name types as "Namespace.Class,Assembly".</summary>
    private static string ClassName(string grainType) => grainType.Split(',')[0];

    private static Dictionary<string, int> Sum(IEnumerable<(string Silo, string? Kind, int ActivationCount)> grains) =>
        grains.GroupBy(g => g.Kind!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(x => x.ActivationCount), StringComparer.Ordinal);

    private static IEnumerable<KindCount> Counts(Dictionary<string, int> counts) =>
        counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new KindCount { Kind = c.Key, Count = c.Value });

    private static WireSiloStatus ToWire(OrleansSiloStatus status) => status switch
    {
        OrleansSiloStatus.Created => WireSiloStatus.Created,
        OrleansSiloStatus.Joining => WireSiloStatus.Joining,
        OrleansSiloStatus.Active => WireSiloStatus.Active,
        OrleansSiloStatus.ShuttingDown => WireSiloStatus.ShuttingDown,
        OrleansSiloStatus.Stopping => WireSiloStatus.Stopping,
        OrleansSiloStatus.Dead => WireSiloStatus.Dead,
        _ => WireSiloStatus.Unspecified,
    };
}
