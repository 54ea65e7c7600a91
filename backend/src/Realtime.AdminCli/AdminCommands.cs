using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Realtime.Protos.Admin.V1;
using Realtime.Protos.Common.V1;

namespace Realtime.AdminCli;

/// <summary>Turns the command line's command into one AdminService call.</summary>
public static class AdminCommands
{
    /// <summary>The call the command names, or null when it names none (or its arguments are off).</summary>
    public static Func<AdminService.AdminServiceClient, Metadata, Task<IMessage>>? Parse(IReadOnlyList<string> command) =>
        (command[0], command.Count) switch
        {
            ("overview", 1) => async (admin, headers) => await admin.GetClusterOverviewAsync(new GetClusterOverviewRequest(), headers),
            ("drain", 2) => async (admin, headers) => await admin.DrainSiloAsync(new DrainSiloRequest { Silo = command[1] }, headers),
            ("resume", 2) => async (admin, headers) => await admin.ResumeSiloAsync(new ResumeSiloRequest { Silo = command[1] }, headers),
            ("shed", 3) when double.TryParse(command[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var fraction) =>
                async (admin, headers) => await admin.ShedStreamsAsync(new ShedStreamsRequest { Silo = command[1], Fraction = fraction }, headers),
            ("inspect", 3) when Kind(command[1]) is { } kind =>
                async (admin, headers) => await admin.InspectTopicAsync(new InspectTopicRequest { Kind = kind, Id = command[2] }, headers),
            _ => null,
        };

    private static TopicKind? Kind(string name) => name switch
    {
        "room" => TopicKind.ChatRoom,
        "document" => TopicKind.Document,
        "game" => TopicKind.Game,
        _ => null,
    };
}
